<?php
/**
 * The server-side connection test: find the model, then a 16-token POST responses.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use Key_Guard\Key\Key_Shape;

/**
 * Proves a key works end to end and says exactly what is wrong when it does not. Never changes the key.
 *
 * A requested model is looked up (GET /models/{model}); otherwise the test lists the key's models
 * (GET /models, kept a day) and uses the cheapest of the catalog's test models it holds, or, for a
 * key that may not list models, tries the test models in order. At most two test requests.
 *
 * @since 0.1.0
 *
 * @phpstan-import-type TestResult from Test_Report
 */
final class Connection_Tester {

	/** Seconds for the whole test, below the 15 s promised to the admin once WordPress's own time is added. */
	const TOTAL_TIMEOUT = 14;

	/** Test requests (POST /responses) one test may send, whatever model it tries. */
	const MAX_GENERATIONS = 2;

	/**
	 * Where the API is and how to address it.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * Sends the requests.
	 *
	 * @var Api_Client
	 */
	private $client;

	/**
	 * Chooses the model.
	 *
	 * @var Model_Choice
	 */
	private $models;

	/**
	 * The key's models list, kept a day.
	 *
	 * @var Model_List
	 */
	private $lists;

	/**
	 * Absolute time (microtime) by which the whole test must be over.
	 *
	 * @var float
	 */
	private $deadline = 0.0;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Endpoint     $endpoint Where the API is and how to address it.
	 * @param Api_Client   $client   Sends the requests.
	 * @param Model_Choice $models   Chooses the model.
	 * @param Model_List   $lists    The key's models list, kept a day.
	 */
	public function __construct( Endpoint $endpoint, Api_Client $client, Model_Choice $models, Model_List $lists ) {
		$this->endpoint = $endpoint;
		$this->client   = $client;
		$this->models   = $models;
		$this->lists    = $lists;
	}

	/**
	 * Runs the test on a key.
	 *
	 * @since 0.1.0
	 * @since 0.5.0 An empty model lets the test choose one the key can see.
	 *
	 * @param string $key        The key (already normalised).
	 * @param string $model      A valid model name, or '' to choose one.
	 * @param string $key_source 'stored', 'candidate' or 'environment' (a key prepared for another type).
	 * @return TestResult The TestResult shape of the REST API.
	 */
	public function run( $key, $model, $key_source ) {
		$started        = microtime( true );
		$timeout        = (float) apply_filters( 'key_guard_test_timeout', self::TOTAL_TIMEOUT );
		$this->deadline = $started + min( max( $timeout, 1.0 ), (float) self::TOTAL_TIMEOUT );
		$report         = new Test_Report( (string) $model, $key_source, $this->endpoint->base_url(), $key );

		if ( '' === $key ) {
			return $report->fail_key( 'no_key', __( 'No key to test.', 'key-guard-for-openai' ), $started );
		}
		$refusal = Key_Shape::refusal( $key, $this->endpoint->is_openai_own() );
		if ( $refusal ) {
			$code = 'key_guard_admin_key' === $refusal->get_error_code() ? 'admin_key' : 'malformed_key';
			return $report->fail_key( $code, $refusal->get_error_message(), $started );
		}
		$report->pass_key( Key_Shape::warnings( $key, $this->endpoint->is_openai_own() ) );

		if ( '' === $report->base_url() ) {
			$verdict = array(
				'code'   => 'connection_failed',
				'detail' => __( 'OPENAI_BASE_URL is not an http:// or https:// URL.', 'key-guard-for-openai' ),
			);
			return $report->finish( $verdict, 'model', $started );
		}

		$verdict = '' === $model ? $this->choose( $key, $report ) : $this->look_up( $key, $report );
		// Only a missing permission leaves the key proven: then the request step still tells us more.
		if ( null !== $verdict && 'missing_scope' !== $verdict['code'] ) {
			$report->skip( 'request' );
			return $this->conclude( $key, $report, $verdict, 'model', $started );
		}

		$second = $this->generate( $key, $report );
		// Generating needs no model lookup: the request decides, and a lookup refused for a missing permission only warns.
		return $this->conclude( $key, $report, $second, 'request', $started, $verdict );
	}

	/**
	 * The model check of a requested model: GET /models/{model}.
	 *
	 * @param string      $key    The key.
	 * @param Test_Report $report The report.
	 * @return array{code: string, detail: string, error_code?: string|null}|null The failure verdict, or null.
	 */
	private function look_up( $key, Test_Report $report ) {
		$model   = $report->outcome()->name();
		$answer  = $this->client->request( 'GET', '/models/' . rawurlencode( $model ), null, $key, 'model', $this->deadline );
		$verdict = $report->record( 'model', $answer );
		$own     = null === $verdict ? Model_List::parse( $answer['body'] ) : null;
		$report->outcome()->saw( (array) $own, false );
		$listed = $this->lists->cached( $key );
		if ( null !== $listed ) {
			$report->outcome()->saw( $listed, true );
		}
		return $verdict;
	}

	/**
	 * The model check when no model was requested: the key's models list (kept a day), and the
	 * cheapest test model it holds. A key that may not list models leaves the choice to generate().
	 *
	 * @param string      $key    The key.
	 * @param Test_Report $report The report.
	 * @return array{code: string, detail: string, error_code?: string|null}|null The failure verdict, or null.
	 */
	private function choose( $key, Test_Report $report ) {
		$listed = $this->lists->cached( $key );
		/* translators: %s: model name. */
		$detail = __( 'OpenAI listed %s for this key (the list is kept for a day).', 'key-guard-for-openai' );
		if ( null === $listed ) {
			$answer  = $this->client->request( 'GET', '/models', null, $key, 'model', $this->deadline );
			$verdict = $report->record( 'model', $answer );
			$listed  = null === $verdict ? Model_List::parse( $answer['body'] ) : null;
			if ( null === $listed ) {
				return $verdict;
			}
			$this->lists->remember( $key, $listed );
			/* translators: %s: model name. */
			$detail = __( 'OpenAI lists %s for this key.', 'key-guard-for-openai' );
		}
		$report->outcome()->saw( $listed, true );
		$candidates = $this->models->candidates( $listed );
		if ( ! $candidates ) {
			$count = count( $listed );
			/* translators: %d: number of models. */
			$none = sprintf( _n( 'OpenAI lists %d model for this key; the test uses none of them.', 'OpenAI lists %d models for this key; the test uses none of them.', $count, 'key-guard-for-openai' ), $count );
			return $report->fail(
				'model',
				array(
					'code'   => 'model_not_found',
					'detail' => $none,
				)
			);
		}
		$report->use_model( $candidates[0], 'listed' );
		$report->pass( 'model', sprintf( $detail, $candidates[0] ) );
		return null;
	}

	/**
	 * The test request: the requested model, or the chosen one and the next candidate if the first
	 * is not available; the model's reasoning effort, sent again without it if OpenAI refuses it.
	 *
	 * @param string      $key    The key.
	 * @param Test_Report $report The report.
	 * @return array{code: string, detail: string, error_code?: string|null}|null The failure verdict, or null.
	 */
	private function generate( $key, Test_Report $report ) {
		$outcome   = $report->outcome();
		$requested = 'requested' === $outcome->source() && '' !== $outcome->name();
		$models    = $requested ? array( $outcome->name() ) : $this->models->candidates( $outcome->listed() );
		$verdict   = null;
		$reasoning = true;
		for ( $sent = 0; $sent < self::MAX_GENERATIONS && $models; $sent++ ) {
			$model = $models[0];
			if ( ! $requested ) {
				$report->use_model( $model, null === $outcome->listed() ? 'tried' : 'listed' );
			}
			$report->try_request( $model );
			$body    = $this->models->request_body( $model, $reasoning );
			$answer  = $this->client->request( 'POST', '/responses', $body, $key, 'request', $this->deadline );
			$verdict = $report->record( 'request', $answer );
			if ( isset( $body['reasoning'] ) && self::refuses_reasoning( $answer ) ) {
				$reasoning = false;
				continue;
			}
			$unavailable = $verdict && in_array( $verdict['code'], array( 'model_not_found', 'model_not_allowed' ), true );
			if ( ! $unavailable || $requested ) {
				break;
			}
			if ( 'model_not_found' === $verdict['code'] && null !== $outcome->listed() ) {
				$this->lists->forget( $key );
			}
			array_shift( $models );
			$reasoning = true;
		}
		return $verdict;
	}

	/**
	 * Adds what the result says about the model (a retirement, or a model to use instead), then
	 * assembles the result.
	 *
	 * @param string                                                             $key     The key.
	 * @param Test_Report                                                        $report  The report.
	 * @param array{code: string, detail: string, error_code?: string|null}|null $verdict The failure, or null.
	 * @param string                                                             $step    Check id where it failed.
	 * @param float                                                              $started microtime() at the start.
	 * @param array{code: string, detail: string, error_code?: string|null}|null $unread  A model lookup refused for a missing permission, which only warns.
	 * @return TestResult
	 */
	private function conclude( $key, Test_Report $report, $verdict, $step, $started, $unread = null ) {
		$outcome = $report->outcome();
		$model   = $outcome->name();
		if ( $verdict && 'model_not_found' === $verdict['code'] ) {
			$listed = $outcome->listed();
			if ( null === $listed && 'requested' === $outcome->source() && '' !== $model ) {
				$listed = $this->list_quietly( $key );
			}
			$gone = '' === $model ? null : $this->models->retirement( $model, null );
			$outcome->suggest( $this->models->suggestion( $listed, array_merge( array( $model ), $outcome->attempts() ) ), $gone ? $gone['shutdown'] : null );
		} elseif ( '' !== $model ) {
			$retirement = $this->models->retirement( $model, $outcome->announced( $model ), $outcome->listed() );
			if ( $retirement ) {
				$outcome->retiring( $retirement );
			}
		}
		return $report->finish( $verdict, $step, $started, $unread );
	}

	/**
	 * The key's models list, asked for only to suggest a model (look_up() already read a kept one),
	 * without touching the checks; kept for the next test.
	 *
	 * @param string $key The key.
	 * @return array<string, int|null>|null
	 */
	private function list_quietly( $key ) {
		$answer = $this->client->request( 'GET', '/models', null, $key, 'model', $this->deadline );
		$listed = 200 === $answer['status'] ? Model_List::parse( $answer['body'] ) : null;
		if ( null !== $listed ) {
			$this->lists->remember( $key, $listed );
		}
		return $listed;
	}

	/**
	 * Whether OpenAI refused the reasoning parameter (a model that does not reason, or another effort).
	 *
	 * @param array{status: int|null, headers: array<string, string>, body: string, error: \WP_Error|null} $answer From Api_Client::request().
	 * @return bool
	 */
	private static function refuses_reasoning( array $answer ) {
		$error = 400 === $answer['status'] ? Diagnosis::parse_error( $answer['body'] ) : null;
		return null !== $error && 0 === strpos( (string) $error['param'], 'reasoning' );
	}
}
