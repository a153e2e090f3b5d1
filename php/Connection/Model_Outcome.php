<?php
/**
 * The model side of one connection test.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * Which model one test used and how it was chosen, the models it tried, the model's retirement,
 * and what to suggest when the model is not available. Built per test, like Test_Report.
 *
 * @since 0.5.0
 */
final class Model_Outcome {

	/**
	 * Model under test ('' until the test has chosen one).
	 *
	 * @var string
	 */
	private $model;

	/**
	 * How the model was chosen: requested (by the admin or the site), listed (from the key's models
	 * list) or tried (in order, for a key that may not list models).
	 *
	 * @var string
	 */
	private $source = 'requested';

	/**
	 * The models the test request tried, in order.
	 *
	 * @var string[]
	 */
	private $tried = array();

	/**
	 * The key's whole models list when the test knows it (listed now or kept from an earlier test).
	 *
	 * @var array<string, int|null>|null
	 */
	private $listed = null;

	/**
	 * Shutdown times OpenAI announced in the answers of this test, by model.
	 *
	 * @var array<string, int|null>
	 */
	private $announced = array();

	/**
	 * The retirement of the model used, from Model_Choice::retirement().
	 *
	 * @var array{model: string, shutdown: int, replacement: string|null, source: string}|null
	 */
	private $retirement = null;

	/**
	 * For a model that is not available: a model the key can see, and when the missing one was shut down.
	 *
	 * @var array{suggestion: string|null, shutdown: int|null}
	 */
	private $missing = array(
		'suggestion' => null,
		'shutdown'   => null,
	);

	/**
	 * Starts with the requested model, or '' when the test chooses.
	 *
	 * @param string $model Model name or ''.
	 */
	public function __construct( $model ) {
		$this->model = (string) $model;
	}

	/**
	 * The model under test, '' until one is chosen.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function name() {
		return $this->model;
	}

	/**
	 * How the model was chosen: requested, listed or tried.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function source() {
		return $this->source;
	}

	/**
	 * Notes models OpenAI showed this key, with their announced shutdowns.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, int|null> $models     From Model_List.
	 * @param bool                    $whole_list Whether this is the key's whole models list.
	 * @return void
	 */
	public function saw( array $models, $whole_list ) {
		$this->announced = $models + $this->announced;
		if ( $whole_list ) {
			$this->listed = $models;
		}
	}

	/**
	 * The key's whole models list, or null when the test does not know it.
	 *
	 * @since 0.5.0
	 *
	 * @return array<string, int|null>|null
	 */
	public function listed() {
		return $this->listed;
	}

	/**
	 * The shutdown time OpenAI announced for a model in this test's answers, if any.
	 *
	 * @since 0.5.0
	 *
	 * @param string $model Model name.
	 * @return int|null
	 */
	public function announced( $model ) {
		return $this->announced[ $model ] ?? null;
	}

	/**
	 * The models the test request tried, in order.
	 *
	 * @since 0.5.0
	 *
	 * @return string[]
	 */
	public function attempts() {
		return $this->tried;
	}

	/**
	 * Names the model the test uses from now on.
	 *
	 * @since 0.5.0
	 *
	 * @param string $model  Model name.
	 * @param string $source listed or tried.
	 * @return void
	 */
	public function choose( $model, $source ) {
		$this->model  = $model;
		$this->source = $source;
	}

	/**
	 * Notes that the test request tries a model.
	 *
	 * @since 0.5.0
	 *
	 * @param string $model Model name.
	 * @return void
	 */
	public function tried( $model ) {
		if ( ! in_array( $model, $this->tried, true ) ) {
			$this->tried[] = $model;
		}
	}

	/**
	 * Notes that the model used is retiring (or past its announced shutdown).
	 *
	 * @since 0.5.0
	 *
	 * @param array{model: string, shutdown: int, replacement: string|null, source: string} $retirement From Model_Choice::retirement().
	 * @return void
	 */
	public function retiring( array $retirement ) {
		$this->retirement = $retirement;
	}

	/**
	 * Notes what to suggest because the model is not available (which makes its retirement moot).
	 *
	 * @since 0.5.0
	 *
	 * @param string|null $suggestion A model the key can see, or null when unknown.
	 * @param int|null    $shutdown   When the missing model was shut down, if known.
	 * @return void
	 */
	public function suggest( $suggestion, $shutdown ) {
		$this->retirement = null;
		$this->missing    = array(
			'suggestion' => $suggestion,
			'shutdown'   => $shutdown,
		);
	}

	/**
	 * The label of the model check.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function label() {
		if ( '' === $this->model ) {
			return __( 'A test model is visible to the key', 'key-guard-for-openai' );
		}
		/* translators: %s: model name. */
		return sprintf( __( 'Model %s is visible to the key', 'key-guard-for-openai' ), $this->model );
	}

	/**
	 * The result's warnings about the model.
	 *
	 * @since 0.5.0
	 *
	 * @return array<int, array{code: string, message: string}>
	 */
	public function warnings() {
		if ( null === $this->retirement ) {
			return array();
		}
		return array(
			array(
				'code'    => 'model_retiring',
				'message' => Model_Advice::retirement( $this->retirement ),
			),
		);
	}

	/**
	 * What Advice needs to speak about the model.
	 *
	 * @since 0.5.0
	 *
	 * @return array{model: string, suggestion: string|null, shutdown: int|null, tried: string[]}
	 */
	public function advice_context() {
		return array(
			'model'      => $this->model,
			'suggestion' => $this->missing['suggestion'],
			'shutdown'   => $this->missing['shutdown'],
			'tried'      => 'requested' === $this->source ? array() : $this->tried,
		);
	}

	/**
	 * The result's fields about the model, beside `model`.
	 *
	 * @since 0.5.0
	 *
	 * @return array{model_source: string, warnings: array<int, array{code: string, message: string}>, retirement: array{model: string, shutdown_date: string, replacement: string|null, source: string}|null}
	 */
	public function fields() {
		$retirement = $this->retirement;
		return array(
			'model_source' => $this->source,
			'warnings'     => $this->warnings(),
			'retirement'   => null === $retirement ? null : array(
				'model'         => $retirement['model'],
				'shutdown_date' => gmdate( 'Y-m-d', $retirement['shutdown'] ),
				'replacement'   => $retirement['replacement'],
				'source'        => $retirement['source'],
			),
		);
	}
}
