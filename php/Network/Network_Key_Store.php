<?php
/**
 * Saving, removing and confirming the network key.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Network;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Key\Key_Refusal;
use Key_Guard\Key\Key_Resolver;
use Key_Guard\Key\Key_Shape;
use Key_Guard\Lifecycle\Sites;
use WP_Error;

/**
 * The network key's writes: a pasted key normalised, checked and stored encrypted (with where and
 * as what it was saved, for the copy hold), its removal, a copy's confirmation, each recorded in the
 * main site's key events. Reads are Network_Key's.
 *
 * @since 0.5.0
 */
final class Network_Key_Store {

	/**
	 * The network key.
	 *
	 * @var Network_Key
	 */
	private $key;

	/**
	 * Where keys are sent: which keys are taken depends on it.
	 *
	 * @var callable(): bool
	 */
	private $openai_own;

	/**
	 * The key events log (the main site's is written).
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Network_Key $key        The network key.
	 * @param callable    $openai_own Whether keys go to OpenAI's own API (Endpoint::is_openai_own()).
	 * @param Audit_Log   $audit      The key events log.
	 */
	public function __construct( Network_Key $key, callable $openai_own, Audit_Log $audit ) {
		$this->key        = $key;
		$this->openai_own = $openai_own;
		$this->audit      = $audit;
	}

	/**
	 * Normalises, checks and stores a key for the whole network; leaves the stored one on refusal.
	 *
	 * @since 0.5.0
	 *
	 * @param string $raw     What the network administrator pasted.
	 * @param int    $user_id Who saves it.
	 * @return array{notices: array<int, array{code: string, message: string}>}|WP_Error
	 */
	public function save( $raw, $user_id ) {
		$normalised = Key_Shape::normalise( $raw );
		$key        = $normalised['key'];
		$own        = (bool) ( $this->openai_own )();
		$refusal    = ( new Key_Resolver() )->is_configured_outside() ? Key_Refusal::read_only() : Key_Shape::refusal( $key, $own );
		if ( $refusal ) {
			$this->record( 'network_refused', substr( $refusal->get_error_code(), strlen( 'key_guard_' ) ) );
			return $refusal;
		}
		if ( $key !== $this->key->key() ) {
			$this->write(
				array(
					'ciphertext'  => $this->key->cipher()->encrypt( $key ),
					'saved_at'    => time(),
					'saved_by'    => (int) $user_id,
					'environment' => wp_get_environment_type(),
					'site'        => Network_Hold::address(),
					'confirmed'   => '',
				)
			);
			$this->record( 'network_saved', Key_Shape::kind( $key ) );
		}
		return array( 'notices' => array_merge( Key_Shape::removal_messages( $normalised['removed'] ), Key_Shape::warnings( $key, $own ) ) );
	}

	/**
	 * Removes the network key: sites without a key of their own have none from then on.
	 *
	 * @since 0.5.0
	 *
	 * @return true|WP_Error
	 */
	public function delete() {
		if ( ( new Key_Resolver() )->is_configured_outside() ) {
			return Key_Refusal::read_only();
		}
		if ( '' !== $this->key->stored()['ciphertext'] ) {
			delete_network_option( null, Network_Key::OPTION );
			$this->record( 'network_removed', '' );
		}
		return true;
	}

	/**
	 * Lets this copy of the network use the production network's key (until it moves again).
	 *
	 * @since 0.5.0
	 *
	 * @return true|WP_Error
	 */
	public function confirm_here() {
		if ( ! $this->key->is_held() ) {
			return new WP_Error( 'key_guard_nothing_held', __( 'The network key is not being held back on this network.', 'key-guard-for-openai' ), array( 'status' => 409 ) );
		}
		$this->write( array_merge( $this->key->stored(), array( 'confirmed' => Network_Hold::here() ) ) );
		$this->record( 'confirmed', wp_get_environment_type() );
		return true;
	}

	/**
	 * Records a network key event in the main site's key events, where network administrators look.
	 *
	 * @param string $event   The event.
	 * @param string $outcome Its outcome word.
	 * @return void
	 */
	private function record( $event, $outcome ) {
		Sites::on_site(
			get_main_site_id(),
			function () use ( $event, $outcome ) {
				$this->audit->record( $event, $outcome );
			}
		);
	}

	/**
	 * Writes the option.
	 *
	 * @param array{ciphertext: string, saved_at: int|null, saved_by: int|null, environment: string, site: string, confirmed: string} $stored What to store.
	 * @return void
	 */
	private function write( array $stored ) {
		update_network_option( null, Network_Key::OPTION, $stored );
	}
}
