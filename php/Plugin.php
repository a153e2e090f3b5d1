<?php
/**
 * Builds the plugin's object graph once and wires it to WordPress.
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
use Key_Guard\Connection\Api_Client;
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
use Key_Guard\REST\Test_Controller;
use Key_Guard\REST\Usage_Controller;
use Key_Guard\Storage\Encrypted_Option;
use Key_Guard\Storage\Installer;
use Key_Guard\Storage\Option_Lock;
use Key_Guard\Usage\Callers;
use Key_Guard\Usage\Limits;
use Key_Guard\Usage\Price_Table;
use Key_Guard\Usage\Quota_Table;
use Key_Guard\Usage\Request_Log;
use Key_Guard\Usage\Spend_Alert_Notice;
use Key_Guard\Usage\Spend_Alerts;
use Key_Guard\Usage\Usage_Guard;
use Key_Guard\Usage\Usage_Meter;
use Key_Guard\Usage\Usage_Report;
use Key_Guard\Usage\Usage_Table;

/**
 * Creates each collaborator once, hands each the ones it needs, and adds every hook; nothing else.
 * The services are readable (tests, and the faces added later use the same instances), never replaced.
 *
 * @since 0.1.0
 */
final class Plugin {

	/**
	 * Path of plugin.php.
	 *
	 * @var string
	 */
	private $file;

	/**
	 * The collaborators by name, each built once.
	 *
	 * @var array<string, mixed>
	 */
	private $services = array();

	/**
	 * The capability that lets a user see and manage the key: manage_options on a single site; on
	 * multisite, where a site administrator may be a stranger to whoever pays for the key, only
	 * network administrators (manage_network_options).
	 *
	 * @since 0.3.0
	 *
	 * @return string
	 */
	public static function capability() {
		$capability = is_multisite() ? 'manage_network_options' : 'manage_options';
		/**
		 * Filters the capability needed to see, change and test the OpenAI key.
		 *
		 * @since 0.3.0
		 *
		 * @param string $capability manage_options, or manage_network_options on multisite.
		 */
		$filtered = apply_filters( 'key_guard_capability', $capability );
		return is_string( $filtered ) && '' !== $filtered ? $filtered : $capability;
	}

	/**
	 * Builds the object graph; no side effects (no hooks, no reads).
	 *
	 * @param string $file Path of plugin.php.
	 */
	public function __construct( $file ) {
		$this->file   = $file;
		$lock         = new Option_Lock();
		$audit        = new Audit_Log( $lock );
		$endpoint     = new Endpoint();
		$resolver     = new Key_Resolver();
		$row          = new Encrypted_Option( Key_Resolver::OPTION );
		$meta         = new Key_Metadata( $lock );
		$environments = new Environment_Keys( $audit, new Environment_Slots( $lock ) );
		$facts        = new Key_Facts();
		$hold         = new Copy_Hold( $meta, $facts, $row, $environments, $audit );
		$store        = new Key_Store( $resolver, $row, $meta, $environments, $audit, $endpoint );
		$guard        = new Core_Save_Guard( $row, $store, new Core_Key_Check( $endpoint ) );
		$writes       = new Key_Writes( $row, $store, $endpoint, $guard );
		$option       = new Key_Option( $row, $facts, $environments, $hold, $writes, $audit );
		$catalog      = new Model_Catalog( plugin_dir_path( $file ) . 'data/models.json' );
		$models       = new Model_Choice( $catalog );
		$lists        = new Model_List( $meta );
		$status       = new Key_Status( $resolver, $row, $meta, $environments, $hold, new Key_Warnings( $resolver, $row, $environments, $hold, $endpoint ), $models );
		$tester       = new Connection_Tester( $endpoint, new Api_Client( $endpoint ), $models, $lists );
		$limiter      = new Rate_Limiter( $lock );
		$check        = new Connection_Check( $resolver, $store, $tester, $limiter, $audit, $models, $endpoint, $environments );

		$usage        = new Usage_Table();
		$requests     = new Request_Log();
		$quota        = new Quota_Table();
		$prices       = new Price_Table( plugin_dir_path( $file ) . 'data/prices.json' );
		$limits       = new Limits(
			$lock,
			static function () use ( $usage ) {
				$used = array_filter(
					$usage->callers( gmdate( 'Y-m-d', time() - 90 * DAY_IN_SECONDS ) ),
					static function ( $row ) {
						return $row['requests'] > 0;
					}
				);
				return array_column( $used, 'caller' );
			}
		);
		$callers      = new Callers( plugin_dir_path( $file ) );
		$usage_guard  = new Usage_Guard( $limits, $quota, $usage, $requests, $prices );
		$alert_notice = new Spend_Alert_Notice();
		$alerts       = new Spend_Alerts( $limits, $usage, $quota, $alert_notice );
		$meter        = new Usage_Meter( $endpoint, $callers, $usage_guard, $usage, $requests, $quota, $prices, $alerts );

		$installer = new Installer( array( array( $writes, 'unpark' ), array( $writes, 'rewrap' ), array( $facts, 'refresh' ), array( $requests, 'schedule' ) ), array( $usage, $requests, $quota ) );

		$notice      = new Setup_Notice( $resolver );
		$activation  = new Activation( $file, $writes, $installer, $notice );
		$rotation    = new Rotation_Advice( $resolver, $meta, $facts );
		$settings    = new Settings_Page( new Assets( $file ), $endpoint, new Core_Ai_State() );
		$controllers = array( new Key_Controller( $store, $status, $hold, $environments, $audit, $endpoint ), new Test_Controller( $check ), new Usage_Controller( new Usage_Report( $usage, $prices, $callers ), $limits, $usage, $callers, $alerts ) );

		$this->services = compact( 'audit', 'endpoint', 'resolver', 'row', 'meta', 'facts', 'environments', 'hold', 'store', 'guard', 'writes', 'option', 'catalog', 'models', 'lists', 'status', 'tester', 'limiter', 'check', 'installer', 'notice', 'activation', 'rotation', 'settings', 'controllers', 'usage', 'requests', 'quota', 'prices', 'limits', 'callers', 'usage_guard', 'alerts', 'alert_notice', 'meter' );
	}

	/**
	 * Adds every action and filter.
	 *
	 * @since 0.1.0
	 */
	public function add_hooks() {
		add_action( 'init', array( $this->services['store'], 'register_setting' ), 21 );
		$this->services['option']->add_hooks();
		$this->services['guard']->add_hooks();
		$this->services['facts']->add_hooks();
		$this->services['activation']->add_hooks();
		$this->services['notice']->add_hooks();
		$this->services['rotation']->add_hooks();
		$this->services['meter']->add_hooks();
		$this->services['usage_guard']->add_hooks();
		$this->services['alert_notice']->add_hooks();
		foreach ( $this->services['controllers'] as $controller ) {
			add_action( 'rest_api_init', array( $controller, 'register_routes' ) );
		}
		add_action( 'admin_menu', array( $this->services['settings'], 'add_page' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( $this->file ), array( $this->services['settings'], 'action_links' ) );
	}

	/**
	 * One collaborator of the graph, by name (store, endpoint, resolver, status, option, guard, writes, row,
	 * meta, facts, hold, environments, audit, check, tester, catalog, models, lists, limiter, installer,
	 * notice, activation, rotation, settings, usage, requests, quota, prices, limits, callers, usage_guard, alerts, alert_notice, meter): the very instance whose hooks are added, for tests and the faces that come later.
	 *
	 * @since 0.4.0
	 *
	 * @param string $name The collaborator's name.
	 * @return mixed
	 * @throws \InvalidArgumentException For a name the graph does not hold.
	 */
	public function get( $name ) {
		if ( ! isset( $this->services[ $name ] ) ) {
			throw new \InvalidArgumentException( esc_html( "No collaborator named $name." ) );
		}
		return $this->services[ $name ];
	}
}
