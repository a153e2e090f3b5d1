<?php
/**
 * How the network's and the set-up guide's collaborators are made.
 *
 * @package Key_Guard
 */

namespace Key_Guard;

use Key_Guard\Admin\Network_Page;
use Key_Guard\Network\Network_Key;
use Key_Guard\Network\Network_Key_Store;
use Key_Guard\Network\Network_Settings;
use Key_Guard\Network\Network_Status;
use Key_Guard\Network\Network_Upgrade;
use Key_Guard\Network\Network_Usage;
use Key_Guard\REST\Network_Controller;
use Key_Guard\REST\Setup_Controller;
use Key_Guard\Setup\Key_Evidence;
use Key_Guard\Setup\Platform;
use Key_Guard\Setup\Setup_Guide;

/**
 * The recipes of the faces added in 0.5.0 on top of the key and the usage guard (Services): the
 * network key, its settings and view, and the set-up guide with its evidence.
 *
 * @since 0.5.0
 */
final class Faces {

	/**
	 * The recipes of the network key, the network's settings and view, and the set-up guide.
	 *
	 * @since 0.5.0
	 *
	 * @param string   $data    Path of the data folder.
	 * @param callable $network Gives, on a network, what makes a collaborator when first asked.
	 * @return array<string, callable(Plugin): mixed>
	 */
	public static function recipes( $data, callable $network ) {
		return array(
			'network_settings' => static function ( Plugin $p ) {
				return new Network_Settings( $p->get( 'audit' ), $p->get( 'quota' ) );
			},
			'network_key'      => static function ( Plugin $p ) {
				return new Network_Key( $p->get( 'row' ), $p->get( 'network_settings' ) );
			},
			'network_store'    => static function ( Plugin $p ) {
				return new Network_Key_Store( $p->get( 'network_key' ), array( $p->get( 'endpoint' ), 'is_openai_own' ), $p->get( 'audit' ) );
			},
			'network_status'   => static function ( Plugin $p ) {
				return new Network_Status( $p->get( 'network_key' ), $p->get( 'network_store' ), $p->get( 'network_settings' ) );
			},
			'network_upgrade'  => static function ( Plugin $p ) {
				return new Network_Upgrade( $p->get( 'network_key' ), $p->get( 'row' ), $p->get( 'network_settings' ) );
			},
			'network_usage'    => static function ( Plugin $p ) {
				return new Network_Usage( $p->get( 'usage' ) );
			},
			'platform'         => static function () use ( $data ) {
				return new Platform( $data . 'platform.json' );
			},
			'evidence'         => static function ( Plugin $p ) {
				return new Key_Evidence( $p->get( 'requests' ), $p->get( 'platform' ) );
			},
			'setup'            => static function ( Plugin $p ) {
				return new Setup_Guide( $p->get( 'status' ), $p->get( 'limits' ), $p->get( 'platform' ), $p->get( 'evidence' ) );
			},
			'setup_routes'     => static function ( Plugin $p ) {
				return new Setup_Controller( $p->get( 'setup' ) );
			},
			'network_routes'   => static function ( Plugin $p ) {
				return new Network_Controller( $p->get( 'network_status' ), $p->get( 'network_settings' ), $p->get( 'network_usage' ) );
			},
			'network_page'     => static function ( Plugin $p ) {
				return new Network_Page( $p->get( 'network_store' ), $p->get( 'network_settings' ), $p->get( 'network_usage' ), $p->get( 'network_status' ) );
			},
		);
	}
}
