<?php
/**
 * "Test connection", from a request to a recorded result.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Key\Environment_Keys;
use Key_Guard\Key\Key_Resolver;
use Key_Guard\Key\Key_Shape;
use Key_Guard\Key\Key_Store;

/**
 * The one connection-test workflow every face calls (REST now, WP-CLI and Site Health later): a typed
 * key that cannot be a key is diagnosed offline, the per-user limit applies, the test runs, the stored
 * key keeps its result and the event is recorded. Never changes the key.
 *
 * @since 0.4.0
 *
 * @phpstan-import-type TestResult from Test_Report
 */
final class Connection_Check {

	/**
	 * Where the key comes from.
	 *
	 * @var Key_Resolver
	 */
	private $resolver;

	/**
	 * The key store, which keeps the stored key's last result.
	 *
	 * @var Key_Store
	 */
	private $store;

	/**
	 * The connection tester.
	 *
	 * @var Connection_Tester
	 */
	private $tester;

	/**
	 * The per-user limit on tests.
	 *
	 * @var Rate_Limiter
	 */
	private $limiter;

	/**
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * The model the test uses.
	 *
	 * @var Model_Choice
	 */
	private $models;

	/**
	 * Where the key is sent: which typed keys can be tested depends on it.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * The keys prepared for other environment types, which can be tested before a copy uses them.
	 *
	 * @var Environment_Keys
	 */
	private $prepared;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Resolver      $resolver Where the key comes from.
	 * @param Key_Store         $store    The key store.
	 * @param Connection_Tester $tester   The connection tester.
	 * @param Rate_Limiter      $limiter  The per-user limit on tests.
	 * @param Audit_Log         $audit    The key events log.
	 * @param Model_Choice      $models   The model the test uses.
	 * @param Endpoint          $endpoint Where the key is sent.
	 * @param Environment_Keys  $prepared The keys prepared for other environment types.
	 */
	public function __construct( Key_Resolver $resolver, Key_Store $store, Connection_Tester $tester, Rate_Limiter $limiter, Audit_Log $audit, Model_Choice $models, Endpoint $endpoint, Environment_Keys $prepared ) {
		$this->resolver = $resolver;
		$this->store    = $store;
		$this->tester   = $tester;
		$this->limiter  = $limiter;
		$this->audit    = $audit;
		$this->models   = $models;
		$this->endpoint = $endpoint;
		$this->prepared = $prepared;
	}

	/**
	 * Tests the key in effect, a typed key before it is saved, or the key prepared for another
	 * environment type.
	 *
	 * @since 0.4.0
	 * @since 0.5.0 The environment parameter.
	 *
	 * @param string|null $typed       A typed key (as pasted), or null for a saved key.
	 * @param string|null $model       A valid model name, or null: the site's choice, else one the key can see.
	 * @param int         $user_id     Who asks, for the per-user limit.
	 * @param string|null $environment Another environment type whose prepared key to test, or null.
	 * @return array{status: int, result: TestResult|null, retry_after: int} status 200 with a result;
	 *         400 with the offline diagnosis of a typed key that cannot be a key; 429 with the seconds to wait.
	 */
	public function run( $typed, $model, $user_id, $environment = null ) {
		$model     = $this->models->requested( $model );
		$candidate = null === $typed ? null : Key_Shape::normalise( $typed )['key'];
		if ( null !== $candidate && ( '' === $candidate || Key_Shape::refusal( $candidate, $this->endpoint->is_openai_own() ) ) ) {
			// Not a key OpenAI could accept: diagnosed offline, nothing sent, nothing counted or recorded.
			return self::answer( 400, $this->tester->run( $candidate, $model, 'candidate' ) );
		}
		$wait = $this->limiter->hit( (int) $user_id );
		if ( $wait > 0 ) {
			return self::answer( 429, null, $wait );
		}
		if ( null !== $candidate ) {
			$result  = $this->tester->run( $candidate, $model, 'candidate' );
			$outcome = 'typed_' . $result['code'];
		} elseif ( null !== $environment ) {
			// Only the key prepared for that type, never this site's: an unreadable one tests as no key.
			$result                = $this->tester->run( $this->prepared->key( $environment ), $model, 'environment' );
			$result['environment'] = $environment;
			$outcome               = $environment . '_' . $result['code'];
		} else {
			$key    = $this->resolver->resolve()['key'];
			$result = $this->tester->run( $key, $model, 'stored' );
			$this->store->record_test( $result, $key );
			$outcome = $result['code'];
		}
		$this->audit->record( 'tested', $outcome );
		return self::answer( 200, $result );
	}

	/**
	 * The answer shape.
	 *
	 * @param int             $status      The HTTP-like status.
	 * @param TestResult|null $result      The test result (with `environment` for a prepared key).
	 * @param int             $retry_after Seconds to wait (429).
	 * @return array{status: int, result: TestResult|null, retry_after: int}
	 */
	private static function answer( $status, $result, $retry_after = 0 ) {
		return array(
			'status'      => $status,
			'result'      => $result,
			'retry_after' => $retry_after,
		);
	}
}
