<?php
/**
 * The OpenAI key from the command line: wp key-guard status, set, delete and test.
 *
 * @package Key_Guard
 */

namespace Key_Guard\CLI;

use Key_Guard\Connection\Connection_Check;
use Key_Guard\Key\Key_Status;
use Key_Guard\Key\Key_Refusal;
use Key_Guard\Key\Key_Store;
use Key_Guard\Network\Network_Status;
use WP_CLI;
use WP_Error;

/**
 * Shows, sets, removes and tests the site's OpenAI API key, or with --network on a network the
 * key of every site without its own. The key is never printed: status shows its mask, and set
 * reads it from STDIN or a hidden prompt, so it stays out of the shell's history and the process list.
 *
 * @since 0.5.0
 */
final class Key_Command {

	/**
	 * The key's facts.
	 *
	 * @var Key_Status
	 */
	private $status;

	/**
	 * Saves and removes the key.
	 *
	 * @var Key_Store
	 */
	private $store;

	/**
	 * The connection test every face runs.
	 *
	 * @var Connection_Check
	 */
	private $check;

	/**
	 * Gives the network key, on a network; null on a single site.
	 *
	 * @var (callable(): Network_Status)|null
	 */
	private $network;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Status       $status  The key's facts.
	 * @param Key_Store        $store   Saves and removes the key.
	 * @param Connection_Check $check   The connection test.
	 * @param callable|null    $network Gives the network key; null on a single site.
	 */
	public function __construct( Key_Status $status, Key_Store $store, Connection_Check $check, $network = null ) {
		$this->network = $network;
		$this->status  = $status;
		$this->store   = $store;
		$this->check   = $check;
	}

	/**
	 * Shows whether a key is configured, where it comes from and its mask; never the key.
	 *
	 * ## OPTIONS
	 *
	 * [--network]
	 * : The network key (on a network), not this site's key.
	 *
	 * [--format=<format>]
	 * : How to print it.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp key-guard status
	 *     wp key-guard status --format=json
	 *     wp key-guard status --network
	 *
	 * @since 0.5.0
	 *
	 * @param string[]                   $args       Positional arguments (none).
	 * @param array<string, string|bool> $assoc_args Named arguments.
	 * @return void
	 */
	public function status( $args, $assoc_args ) {
		$network = $this->network_key( $assoc_args );
		if ( $network ) {
			$facts = $network->describe();
			unset( $facts['scope'], $facts['saved_by'] );
			Output::record( $facts, $assoc_args );
			return;
		}
		$facts = $this->status->describe();
		$test  = is_array( $facts['last_test'] ) ? $facts['last_test'] : null;
		$out   = array(
			'configured'    => $facts['configured'],
			'source'        => $facts['source'],
			'masked'        => $facts['masked'],
			'kind'          => $facts['kind'],
			'editable'      => $facts['editable'],
			'storage'       => $facts['storage'],
			'held'          => $facts['held'],
			'environment'   => $facts['environment'],
			'saved_at'      => $facts['saved_at'],
			'last_test'     => $test ? $test['tested_at'] : null,
			'last_test_ok'  => $test ? (bool) $test['ok'] : null,
			'default_model' => $facts['default_model'],
			'warnings'      => array_column( $facts['warnings'], 'message' ),
		);
		Output::record( $out, $assoc_args );
	}

	/**
	 * Saves the site's OpenAI API key, read from STDIN or a hidden prompt (never an argument, which
	 * would land in the shell's history). Exits non-zero when the key is refused or when
	 * OPENAI_API_KEY in the environment or wp-config.php provides the key.
	 *
	 * ## OPTIONS
	 *
	 * [<key>]
	 * : Not accepted: a key typed here would stay in the shell's history. It is refused, unprinted.
	 *
	 * [--network]
	 * : Save the network key (on a network): the key of every site without its own.
	 *
	 * ## EXAMPLES
	 *
	 *     # Typed at a hidden prompt.
	 *     wp key-guard set
	 *
	 *     # From a file or a secret manager.
	 *     wp key-guard set < openai-key.txt
	 *
	 * @since 0.5.0
	 *
	 * @param string[]                   $args       Positional arguments (none: a key given as one is refused).
	 * @param array<string, string|bool> $assoc_args Named arguments.
	 * @return void
	 */
	public function set( $args, $assoc_args ) {
		if ( $args || isset( $assoc_args['key'] ) ) {
			WP_CLI::error( __( 'Do not pass the key as an argument: it would stay in the shell\'s history. Run the command without it to type the key at a hidden prompt, or pipe it in: wp key-guard set < key.txt', 'key-guard-for-openai' ) );
		}
		$network = $this->network_key( $assoc_args );
		$this->refuse_when_read_only( null !== $network );
		$raw   = Output::secret( __( 'OpenAI API key (hidden)', 'key-guard-for-openai' ) );
		$saved = $network ? $network->store()->save( $raw, get_current_user_id() ) : $this->store->save( $raw, get_current_user_id() );
		if ( is_wp_error( $saved ) ) {
			WP_CLI::error( Output::words( $saved ) );
		}
		foreach ( $saved['notices'] as $notice ) {
			WP_CLI::log( $notice['message'] );
		}
		$masked = $network ? $network->describe()['masked'] : $this->status->describe()['masked'];
		/* translators: %s: the key, masked. */
		WP_CLI::success( sprintf( $network ? __( 'Network key saved: %s', 'key-guard-for-openai' ) : __( 'Key saved: %s', 'key-guard-for-openai' ), $masked ) );
	}

	/**
	 * Removes the site's saved OpenAI API key.
	 *
	 * ## OPTIONS
	 *
	 * [--yes]
	 * : Remove it without asking.
	 *
	 * [--network]
	 * : Remove the network key (on a network): sites without their own key then have none.
	 *
	 * @since 0.5.0
	 *
	 * @param string[]                   $args       Positional arguments (none).
	 * @param array<string, string|bool> $assoc_args Named arguments.
	 * @return void
	 */
	public function delete( $args, $assoc_args ) {
		$network = $this->network_key( $assoc_args );
		$this->refuse_when_read_only( null !== $network );
		if ( empty( $assoc_args['yes'] ) && ! Output::interactive() ) {
			WP_CLI::error( __( 'Add --yes to remove the key: nobody is at a terminal to confirm it.', 'key-guard-for-openai' ) );
		}
		WP_CLI::confirm(
			$network
				? __( 'Remove the network key? Sites without a key of their own stop using OpenAI until one is saved again.', 'key-guard-for-openai' )
				: __( 'Remove the saved OpenAI API key? Plugins that use OpenAI stop working until a key is saved again.', 'key-guard-for-openai' ),
			$assoc_args
		);
		$removed = $network ? $network->store()->delete() : $this->store->delete();
		if ( is_wp_error( $removed ) ) {
			WP_CLI::error( Output::words( $removed ) );
		}
		WP_CLI::success( $network ? __( 'Network key removed.', 'key-guard-for-openai' ) : __( 'Key removed.', 'key-guard-for-openai' ) );
	}

	/**
	 * Tests the connection with the key in use, as the screen's Test connection does. Exits 0 only
	 * when connected.
	 *
	 * ## OPTIONS
	 *
	 * [--model=<model>]
	 * : The model to test with (default: the site's choice, else one the key can see).
	 *
	 * [--format=<format>]
	 * : How to print the result.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * @since 0.5.0
	 *
	 * @param string[]                   $args       Positional arguments (none).
	 * @param array<string, string|bool> $assoc_args Named arguments.
	 * @return void
	 */
	public function test( $args, $assoc_args ) {
		$model = isset( $assoc_args['model'] ) ? (string) $assoc_args['model'] : null;
		if ( null !== $model && ! \Key_Guard\Connection\Model_Choice::is_valid( $model ) ) {
			WP_CLI::error( __( 'That is not a model name: letters, digits, dots, dashes and underscores only.', 'key-guard-for-openai' ) );
		}
		$answer = $this->check->run( null, $model, get_current_user_id() );
		if ( 429 === $answer['status'] ) {
			/* translators: %d: seconds. */
			WP_CLI::error( sprintf( __( 'Too many connection tests: wait %d seconds and try again.', 'key-guard-for-openai' ), $answer['retry_after'] ) );
		}
		$result = (array) $answer['result'];
		Output::record(
			array(
				'ok'      => (bool) $result['ok'],
				'code'    => $result['code'],
				'message' => $result['message'],
				'advice'  => $result['advice'],
				'model'   => $result['model'],
			),
			$assoc_args
		);
		if ( empty( $result['ok'] ) ) {
			WP_CLI::halt( 1 );
		}
	}

	/**
	 * Stops, before any question, when the key cannot be changed here: OPENAI_API_KEY in the
	 * environment or wp-config.php provides it, or a site of a network may not have its own.
	 *
	 * @param bool $network Whether the network key is to change.
	 * @return void
	 */
	private function refuse_when_read_only( $network ) {
		$facts = $this->status->describe();
		if ( in_array( $facts['source'], array( 'env', 'constant' ), true ) ) {
			WP_CLI::error( Key_Refusal::read_only()->get_error_message() );
		}
		if ( ! $network && ! $facts['editable'] ) {
			WP_CLI::error( Key_Refusal::site_keys_off()->get_error_message() );
		}
	}

	/**
	 * The network key when --network is given; stops when there is no network.
	 *
	 * @param array<string, string|bool> $assoc_args Named arguments.
	 * @return Network_Status|null
	 */
	private function network_key( $assoc_args ) {
		if ( empty( $assoc_args['network'] ) ) {
			return null;
		}
		if ( null === $this->network || ! is_multisite() ) {
			WP_CLI::error( __( 'This site is not part of a network, so it has no network key.', 'key-guard-for-openai' ) );
		}
		return ( $this->network )();
	}
}
