<?php
/**
 * Site Health tests about the key: whether one is configured, its last test, the model tests use.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Health;

use Key_Guard\Connection\Model_Choice;
use Key_Guard\Key\Key_Status;

/**
 * The key's Site Health tests, each from what the key screen shows (Key_Status): never a live
 * request, so the Site Health page costs OpenAI nothing and waits for nobody.
 *
 * @since 0.5.0
 *
 * @phpstan-import-type Result from Health_Result
 * @phpstan-import-type KeyStatus from Key_Status
 */
final class Key_Checks {

	/**
	 * Days before a model's shutdown from which its retirement is worth a look.
	 */
	const RETIREMENT_NOTICE_DAYS = 90;

	/**
	 * The key's facts.
	 *
	 * @var Key_Status
	 */
	private $status;

	/**
	 * The models a test uses.
	 *
	 * @var Model_Choice
	 */
	private $models;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Status   $status The key's facts.
	 * @param Model_Choice $models The models a test uses.
	 */
	public function __construct( Key_Status $status, Model_Choice $models ) {
		$this->status = $status;
		$this->models = $models;
	}

	/**
	 * The key's facts, as the screen shows them (read afresh: a test may have run since).
	 *
	 * @since 0.5.0
	 *
	 * @return KeyStatus
	 */
	public function facts() {
		return $this->status->describe();
	}

	/**
	 * Whether a key is configured, and where it comes from.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function key() {
		$facts     = $this->facts();
		$malformed = $this->warning( 'malformed_key' );
		if ( $facts['configured'] && null !== $malformed ) {
			return Health_Result::make( 'key_guard_key', 'critical', __( 'The OpenAI API key in use cannot be a working key', 'key-guard-for-openai' ), $malformed, 'key' );
		}
		if ( $facts['configured'] ) {
			return Health_Result::make(
				'key_guard_key',
				'good',
				__( 'An OpenAI API key is configured', 'key-guard-for-openai' ),
				/* translators: 1: where the key comes from, in words; 2: the key, masked (sk-proj-…x4Yz). */
				sprintf( __( 'The key %2$s comes from %1$s.', 'key-guard-for-openai' ), Words::source( $facts['source'] ), $facts['masked'] )
			);
		}
		if ( $facts['held'] ) {
			return Health_Result::make( 'key_guard_key', 'critical', __( 'The saved OpenAI API key is held back on this copy of the site', 'key-guard-for-openai' ), (string) $this->warning( 'held_copy' ), 'key' );
		}
		return Health_Result::make( 'key_guard_key', 'recommended', __( 'No OpenAI API key is configured', 'key-guard-for-openai' ), __( 'Plugins that use OpenAI through WordPress cannot work until a key is added. Create a secret key for this site in the OpenAI dashboard and paste it under Settings, OpenAI key.', 'key-guard-for-openai' ), 'key' );
	}

	/**
	 * The last connection test of the key in use.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function connection() {
		$facts = $this->facts();
		$test  = $facts['last_test'];
		if ( ! $facts['configured'] ) {
			return Health_Result::make( 'key_guard_connection', 'good', __( 'No OpenAI key to test yet', 'key-guard-for-openai' ), __( 'Once a key is configured, test its connection under Settings, OpenAI key.', 'key-guard-for-openai' ) );
		}
		if ( ! is_array( $test ) && self::uses_prepared( $facts ) ) {
			return Health_Result::make( 'key_guard_connection', 'good', __( 'This site uses the OpenAI key prepared for its environment type', 'key-guard-for-openai' ), __( 'Tests of a key prepared for a kind of site are not kept on each copy: run Test connection under Settings, OpenAI key, to check it here.', 'key-guard-for-openai' ) );
		}
		if ( ! is_array( $test ) ) {
			return Health_Result::make( 'key_guard_connection', 'recommended', __( 'The OpenAI key has not been tested', 'key-guard-for-openai' ), __( 'Test the connection once: it tells whether the key, its project\'s billing and its model access work, and what to fix if not.', 'key-guard-for-openai' ), 'key' );
		}
		$when    = Words::when( (string) ( $test['tested_at'] ?? '' ) );
		$message = (string) ( $test['message'] ?? '' );
		$outcome = Words::outcome( $test );
		if ( 'connected' === $outcome ) {
			/* translators: 1: when the test ran, e.g. "November 27, 2026 3:04 pm"; 2: what the test found, a sentence. */
			return Health_Result::make( 'key_guard_connection', 'good', __( 'The OpenAI key passed its last connection test', 'key-guard-for-openai' ), sprintf( __( 'Tested %1$s: %2$s', 'key-guard-for-openai' ), $when, $message ) );
		}
		$failed = 'failed' === $outcome;
		return Health_Result::make(
			'key_guard_connection',
			$failed ? 'critical' : 'recommended',
			$failed ? __( 'The OpenAI key failed its last connection test', 'key-guard-for-openai' ) : __( 'The OpenAI key works, with a warning from its last test', 'key-guard-for-openai' ),
			/* translators: 1: when the test ran; 2: what the test found, a sentence. */
			sprintf( __( 'Tested %1$s: %2$s', 'key-guard-for-openai' ), $when, $message ),
			'key'
		);
	}

	/**
	 * The model connection tests use, when OpenAI retires it soon or has retired it.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function test_model() {
		$facts = $this->facts();
		$test  = is_array( $facts['last_test'] ) ? $facts['last_test'] : array();
		$model = isset( $test['model'] ) && Model_Choice::is_valid( $test['model'] ) ? $test['model'] : $this->models->default_model();
		if ( '' === $model ) {
			return Health_Result::make( 'key_guard_test_model', 'good', __( 'The connection test chooses a model that is not retired', 'key-guard-for-openai' ), __( 'No test model is set: each test picks one the key can see whose shutdown is not announced.', 'key-guard-for-openai' ) );
		}
		$known = isset( $test['retirement']['shutdown_date'] ) ? strtotime( $test['retirement']['shutdown_date'] . ' 00:00:00 UTC' ) : null;
		$gone  = $this->models->retirement( $model, $known ? $known : null );
		$soon  = $gone && $gone['shutdown'] - time() < self::RETIREMENT_NOTICE_DAYS * DAY_IN_SECONDS;
		if ( ! $soon ) {
			/* translators: %s: a model name. */
			return Health_Result::make( 'key_guard_test_model', 'good', __( 'The connection test\'s model is not being retired', 'key-guard-for-openai' ), sprintf( __( 'Connection tests use %s, with no shutdown announced in the next three months.', 'key-guard-for-openai' ), $model ) );
		}
		$passed = $gone['shutdown'] <= time();
		$text   = $passed
			/* translators: 1: a model name; 2: a date. */
			? sprintf( __( 'OpenAI shut %1$s down on %2$s.', 'key-guard-for-openai' ), $model, wp_date( get_option( 'date_format' ), $gone['shutdown'] ) )
			/* translators: 1: a model name; 2: a date. */
			: sprintf( __( 'OpenAI shuts %1$s down on %2$s.', 'key-guard-for-openai' ), $model, wp_date( get_option( 'date_format' ), $gone['shutdown'] ) );
		$text .= ' ' . ( $gone['replacement']
			/* translators: %s: a model name. */
			? sprintf( __( 'Choose %s (or another model) under Test settings; plugins that ask for the old model need the same change.', 'key-guard-for-openai' ), $gone['replacement'] )
			: __( 'Choose another model under Test settings; plugins that ask for the old model need the same change.', 'key-guard-for-openai' ) );
		return Health_Result::make( 'key_guard_test_model', $passed ? 'critical' : 'recommended', __( 'The connection test\'s model is being retired', 'key-guard-for-openai' ), $text, 'key' );
	}

	/**
	 * A warning the screen shows about the key, by its code, or null.
	 *
	 * @since 0.5.0
	 *
	 * @param string $code The warning's code.
	 * @return string|null Its sentence.
	 */
	public function warning( $code ) {
		foreach ( $this->facts()['warnings'] as $warning ) {
			if ( $code === $warning['code'] ) {
				return $warning['message'];
			}
		}
		return null;
	}

	/**
	 * Whether the key in use is the one prepared for this site's environment type (a copy's key):
	 * it answers before the site's own row, and its tests are not kept here.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed> $facts The key's facts (facts()).
	 * @return bool
	 */
	public static function uses_prepared( array $facts ) {
		if ( 'database' !== $facts['source'] ) {
			return false;
		}
		foreach ( (array) $facts['environments'] as $entry ) {
			if ( ! empty( $entry['current'] ) && ! empty( $entry['configured'] ) && ! empty( $entry['readable'] ) ) {
				return true;
			}
		}
		return false;
	}
}
