<?php
/**
 * How each of the plugin's collaborators is made.
 *
 * @package Key_Guard
 */

namespace Key_Guard;

use Key_Guard\Admin\Assets;
use Key_Guard\Admin\Core_Ai_State;
use Key_Guard\Admin\Settings_Page;
use Key_Guard\Admin\Setup_Notice;
use Key_Guard\Audit\Audit_Log;
use Key_Guard\Audit\Rotation_Advice;
use Key_Guard\CLI\Commands;
use Key_Guard\CLI\Key_Command;
use Key_Guard\CLI\Usage_Command;
use Key_Guard\Connection\Api_Client;
use Key_Guard\Health\Debug_Info;
use Key_Guard\Health\Key_Checks;
use Key_Guard\Health\Permission_Check;
use Key_Guard\Health\Site_Health;
use Key_Guard\Health\Storage_Checks;
use Key_Guard\Health\Usage_Checks;
use Key_Guard\Connection\Connection_Check;
use Key_Guard\Connection\Connection_Tester;
use Key_Guard\Connection\Core_Key_Check;
use Key_Guard\Connection\Endpoint;
use Key_Guard\Connection\Model_Catalog;
use Key_Guard\Connection\Model_Choice;
use Key_Guard\Connection\Model_List;
use Key_Guard\Connection\Rate_Limiter;
use Key_Guard\Key\Copy_Hold;
use Key_Guard\Key\Core_Save_Guard;
use Key_Guard\Key\Environment_Keys;
use Key_Guard\Key\Environment_Slots;
use Key_Guard\Key\Key_Facts;
use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Option;
use Key_Guard\Key\Key_Resolver;
use Key_Guard\Key\Key_Status;
use Key_Guard\Key\Key_Store;
use Key_Guard\Key\Key_Warnings;
use Key_Guard\Key\Key_Writes;
use Key_Guard\Lifecycle\Activation;
use Key_Guard\REST\Key_Controller;
use Key_Guard\REST\Network_Controller;
use Key_Guard\REST\Setup_Controller;
use Key_Guard\REST\Test_Controller;
use Key_Guard\REST\Usage_Controller;
use Key_Guard\Storage\Encrypted_Option;
use Key_Guard\Storage\Installer;
use Key_Guard\Storage\Option_Lock;
use Key_Guard\Usage\Callers;
use Key_Guard\Usage\Limit_Changes;
use Key_Guard\Usage\Limits;
use Key_Guard\Usage\Price_Table;
use Key_Guard\Usage\Quota_Table;
use Key_Guard\Usage\Request_Log;
use Key_Guard\Usage\Spend_Alert_Notice;
use Key_Guard\Usage\Spend_Alerts;
use Key_Guard\Usage\Spend_Question;
use Key_Guard\Usage\Usage_Books;
use Key_Guard\Usage\Usage_Guard;
use Key_Guard\Usage\Usage_Meter;
use Key_Guard\Usage\Usage_Report;
use Key_Guard\Usage\Usage_Table;

/**
 * The recipes of the object graph, by name: each is called once, the first time its collaborator
 * is needed, and gets the others it needs from the plugin. Nothing is made before a hook or a
 * caller asks for it, so a page that never touches the key, OpenAI or the screen loads none of
 * these classes.
 *
 * @since 0.5.0
 */
final class Services {

	/**
	 * The REST controllers: name => class, whose static register_routes() adds its routes.
	 *
	 * @since 0.5.0
	 */
	const ROUTES = array(
		'key_routes'     => Key_Controller::class,
		'test_routes'    => Test_Controller::class,
		'usage_routes'   => Usage_Controller::class,
		'network_routes' => Network_Controller::class,
		'setup_routes'   => Setup_Controller::class,
	);

	/**
	 * The recipes.
	 *
	 * @since 0.5.0
	 *
	 * @param string $file Path of plugin.php.
	 * @return array<string, callable(Plugin): mixed>
	 */
	public static function recipes( $file ) {
		$data = plugin_dir_path( $file ) . 'data/';
		// On a network, what gives a collaborator the network's key or settings when first asked.
		$network = static function ( Plugin $p, $name ) {
			return is_multisite() ? static fn() => $p->get( $name ) : null;
		};
		return Faces::recipes( $data, $network ) + array(
			'lock'           => static function () {
				return new Option_Lock();
			},
			'audit'          => static function ( Plugin $p ) {
				return new Audit_Log( $p->get( 'lock' ) );
			},
			'endpoint'       => static function () {
				return new Endpoint();
			},
			'resolver'       => static function ( Plugin $p ) use ( $network ) {
				return new Key_Resolver( $network( $p, 'network_key' ) );
			},
			'row'            => static function () {
				return new Encrypted_Option( Key_Resolver::OPTION );
			},
			'meta'           => static function ( Plugin $p ) {
				return new Key_Metadata( $p->get( 'lock' ) );
			},
			'environments'   => static function ( Plugin $p ) {
				return new Environment_Keys( $p->get( 'audit' ), new Environment_Slots( $p->get( 'lock' ) ) );
			},
			'facts'          => static function () {
				return new Key_Facts();
			},
			'hold'           => static function ( Plugin $p ) {
				return new Copy_Hold( $p->get( 'meta' ), $p->get( 'facts' ), $p->get( 'row' ), $p->get( 'environments' ), $p->get( 'audit' ) );
			},
			'store'          => static function ( Plugin $p ) {
				$site_keys = is_multisite() ? $p->callback( 'network_key', 'allows_site_keys' ) : null;
				return new Key_Store( $p->get( 'resolver' ), $p->get( 'row' ), $p->get( 'meta' ), $p->get( 'environments' ), $p->get( 'audit' ), $p->get( 'endpoint' ), $site_keys );
			},
			'guard'          => static function ( Plugin $p ) {
				return new Core_Save_Guard( $p->get( 'row' ), $p->get( 'store' ), new Core_Key_Check( $p->get( 'endpoint' ) ) );
			},
			'writes'         => static function ( Plugin $p ) {
				return new Key_Writes( $p->get( 'row' ), $p->get( 'store' ), $p->get( 'endpoint' ), $p->get( 'guard' ) );
			},
			'option'         => static function ( Plugin $p ) use ( $network ) {
				return new Key_Option( $p->get( 'row' ), $p->get( 'facts' ), $p->get( 'environments' ), $p->get( 'hold' ), $p->get( 'writes' ), $p->get( 'audit' ), $network( $p, 'network_key' ) );
			},
			'catalog'        => static function () use ( $data ) {
				return new Model_Catalog( $data . 'models.json' );
			},
			'models'         => static function ( Plugin $p ) {
				return new Model_Choice( $p->get( 'catalog' ) );
			},
			'lists'          => static function ( Plugin $p ) {
				return new Model_List( $p->get( 'meta' ) );
			},
			'status'         => static function ( Plugin $p ) use ( $network ) {
				$warnings = new Key_Warnings( $p->get( 'resolver' ), $p->get( 'row' ), $p->get( 'environments' ), $p->get( 'hold' ), $p->get( 'endpoint' ) );
				return new Key_Status( $p->get( 'resolver' ), $p->get( 'row' ), $p->get( 'meta' ), $p->get( 'environments' ), $p->get( 'hold' ), $warnings, $p->get( 'models' ), $network( $p, 'network_key' ) );
			},
			'tester'         => static function ( Plugin $p ) {
				return new Connection_Tester( $p->get( 'endpoint' ), new Api_Client( $p->get( 'endpoint' ) ), $p->get( 'models' ), $p->get( 'lists' ) );
			},
			'limiter'        => static function ( Plugin $p ) {
				return new Rate_Limiter( $p->get( 'lock' ) );
			},
			'check'          => static function ( Plugin $p ) {
				return new Connection_Check( $p->get( 'resolver' ), $p->get( 'store' ), $p->get( 'tester' ), $p->get( 'limiter' ), $p->get( 'audit' ), $p->get( 'models' ), $p->get( 'endpoint' ), $p->get( 'environments' ) );
			},
			'usage'          => static function () {
				return new Usage_Table();
			},
			'requests'       => static function () {
				return new Request_Log();
			},
			'quota'          => static function () {
				return new Quota_Table();
			},
			'prices'         => static function () use ( $data ) {
				return new Price_Table( $data . 'prices.json' );
			},
			'limits'         => static function ( Plugin $p ) {
				return new Limits( $p->get( 'lock' ), array( $p->get( 'usage' ), 'callers_in_use' ) );
			},
			'callers'        => static function () use ( $file ) {
				return new Callers( plugin_dir_path( $file ) );
			},
			'usage_guard'    => static function ( Plugin $p ) {
				$budget = is_multisite() ? array(
					'budget' => $p->callback( 'network_settings', 'monthly_budget_usd' ),
					'spent'  => $p->callback( 'network_usage', 'spend_micros' ),
				) : null;
				return new Usage_Guard( $p->get( 'limits' ), $p->get( 'quota' ), $p->get( 'usage' ), $p->get( 'requests' ), $p->get( 'prices' ), $budget );
			},
			'spend_question' => static function ( Plugin $p ) {
				return new Spend_Question( $p->get( 'status' ), $p->get( 'usage_guard' ), $p->get( 'callers' ) );
			},
			'limit_changes'  => static function ( Plugin $p ) {
				return new Limit_Changes( $p->get( 'quota' ) );
			},
			'alert_notice'   => static function () {
				return new Spend_Alert_Notice();
			},
			'alerts'         => static function ( Plugin $p ) {
				return new Spend_Alerts( $p->get( 'limits' ), $p->get( 'usage' ), $p->get( 'quota' ), $p->get( 'alert_notice' ) );
			},
			// The meter is made for any HTTP request; the books only for the first one to OpenAI.
			'meter'          => static function ( Plugin $p ) {
				return new Usage_Meter(
					$p->get( 'endpoint' ),
					static function () use ( $p ) {
						return $p->get( 'books' );
					}
				);
			},
			'books'          => static function ( Plugin $p ) {
				return new Usage_Books( $p->get( 'callers' ), $p->get( 'usage_guard' ), $p->get( 'usage' ), $p->get( 'requests' ), $p->get( 'prices' ), $p->get( 'alerts' ), $p->callback( 'evidence', 'answered' ) );
			},
			// The upgrade check runs on every request: the installer is made with its steps and
			// tables still unmade, so a current site compares one autoloaded option and no more.
			'installer'      => static function ( Plugin $p ) {
				return new Installer(
					array_merge(
						is_multisite() ? array( $p->callback( 'network_upgrade', 'reclaim_copy' ), $p->callback( 'network_upgrade', 'keep_site_keys' ) ) : array(),
						array( $p->callback( 'writes', 'unpark' ), $p->callback( 'writes', 'rewrap' ), $p->callback( 'facts', 'refresh' ), $p->callback( 'requests', 'schedule' ) )
					),
					static function () use ( $p ) {
						return array( $p->get( 'usage' ), $p->get( 'requests' ), $p->get( 'quota' ) );
					}
				);
			},
			'notice'         => static function ( Plugin $p ) {
				return new Setup_Notice( $p->get( 'resolver' ) );
			},
			'activation'     => static function ( Plugin $p ) use ( $file ) {
				return new Activation( $file, $p->get( 'writes' ), $p->get( 'installer' ), $p->get( 'notice' ) );
			},
			'rotation'       => static function ( Plugin $p ) {
				return new Rotation_Advice( $p->get( 'resolver' ), $p->get( 'meta' ), $p->get( 'facts' ) );
			},
			'settings'       => static function ( Plugin $p ) use ( $file ) {
				return new Settings_Page( new Assets( $file ), $p->get( 'endpoint' ), new Core_Ai_State() );
			},
			'health'         => static function ( Plugin $p ) {
				$key   = new Key_Checks( $p->get( 'status' ), $p->get( 'models' ) );
				$usage = new Usage_Checks( $p->get( 'limits' ), $p->get( 'usage' ), $p->get( 'callers' ) );
				return new Site_Health( $key, new Storage_Checks( $key ), $usage, new Debug_Info( $key, $usage, $p->get( 'limits' ), $p->get( 'usage' ) ), new Permission_Check( $p->get( 'evidence' ), $p->get( 'status' ) ) );
			},
			'report'         => static function ( Plugin $p ) {
				return new Usage_Report( $p->get( 'usage' ), $p->get( 'prices' ), $p->get( 'callers' ) );
			},
			'cli'            => static function ( Plugin $p ) use ( $network ) {
				return new Commands(
					new Key_Command( $p->get( 'status' ), $p->get( 'store' ), $p->get( 'check' ), $network( $p, 'network_status' ) ),
					new Usage_Command( $p->get( 'report' ), $p->get( 'limits' ), $p->get( 'usage' ), $p->get( 'callers' ) )
				);
			},
			'key_routes'     => static function ( Plugin $p ) use ( $network ) {
				return new Key_Controller( $p->get( 'store' ), $p->get( 'status' ), $p->get( 'hold' ), $p->get( 'environments' ), $p->get( 'audit' ), $p->get( 'endpoint' ), $network( $p, 'network_status' ) );
			},
			'test_routes'    => static function ( Plugin $p ) {
				return new Test_Controller( $p->get( 'check' ) );
			},
			'usage_routes'   => static function ( Plugin $p ) {
				return new Usage_Controller( $p->get( 'report' ), $p->get( 'limits' ), $p->get( 'usage' ), $p->get( 'callers' ), $p->get( 'alerts' ) );
			},
		);
	}
}
