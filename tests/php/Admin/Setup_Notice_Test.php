<?php
/**
 * Tests for Setup_Notice.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Admin\Settings_Page;
use Key_Guard\Admin\Setup_Notice;
use Key_Guard\Key\Key_Store;
use RuntimeException;

/**
 * After activation with no key the people who manage the key see a notice leading to the key screen,
 * everywhere but on that screen, until a key is set or each dismisses it through a nonce'd link.
 */
final class Setup_Notice_Test extends TestCase {

	/**
	 * Loads the admin's screen API, which a CLI request lacks.
	 */
	public static function set_up_before_class() {
		parent::set_up_before_class();
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
	}

	/**
	 * Starts with no pending notice and no dismissal, on an ordinary admin screen.
	 */
	protected function set_up() {
		parent::set_up();
		delete_option( Setup_Notice::OPTION );
		delete_user_meta( self::user( 'administrator' ), Setup_Notice::DISMISSED_META );
		set_current_screen( 'dashboard' );
	}

	/**
	 * Leaves no notice, request or screen behind.
	 */
	protected function tear_down() {
		delete_option( Setup_Notice::OPTION );
		delete_user_meta( self::user( 'administrator' ), Setup_Notice::DISMISSED_META );
		unset( $_GET['_wpnonce'], $_REQUEST['_wpnonce'] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- the test's own request, cleared.
		$GLOBALS['current_screen'] = null; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- back to no screen, as a CLI request has.
		parent::tear_down();
	}

	/**
	 * The plugin wires its own callbacks.
	 */
	public function test_hooks_are_registered() {
		$this->assertSame( 10, has_action( 'admin_notices', self::hooked( 'notice', 'show' ) ) );
		$this->assertFalse( has_action( 'network_admin_notices', self::hooked( 'notice', 'show' ) ), 'the network admin has no screen for a site\'s key' );
		$this->assertSame( 10, has_action( 'admin_post_' . Setup_Notice::ACTION, self::hooked( 'notice', 'dismiss' ) ) );
	}

	/**
	 * Activation without a key shows the notice, with a link to our screen and a dismiss link; the
	 * mark is a small autoloaded row.
	 */
	public function test_activation_without_a_key_shows_the_notice() {
		self::kg( 'activation' )->activate( false );
		$this->assertGreaterThan( 0, self::kg( 'notice' )->pending_since() );
		wp_set_current_user( self::user( 'administrator' ) );
		$html = self::notice();
		$this->assertStringContainsString( 'Key Guard for OpenAI is active.', $html );
		$this->assertStringContainsString( 'href="' . esc_url( admin_url( 'options-general.php?page=' . Settings_Page::SLUG ) ) . '"', $html );
		$this->assertStringContainsString( '>Add your OpenAI key</a>', $html );
		$this->assertMatchesRegularExpression( '/admin-post\.php\?action=' . Setup_Notice::ACTION . '&(amp|#038);_wpnonce=/', $html, 'escaped as each WordPress escapes it' );
	}

	/**
	 * Nobody without the capability that manages the key sees it, nor does anyone on our own screen.
	 */
	public function test_only_key_managers_see_it_and_never_on_our_screen() {
		self::kg( 'activation' )->activate( false );
		wp_set_current_user( self::user( 'editor' ) );
		$this->assertSame( '', self::notice() );
		if ( is_multisite() ) {
			wp_set_current_user( self::administrator( 'kg_notice_site_admin', false ) );
			$this->assertSame( '', self::notice(), 'on a network only network administrators manage the key' );
		}
		wp_set_current_user( self::user( 'administrator' ) );
		set_current_screen( 'settings_page_' . Settings_Page::SLUG );
		$this->assertSame( '', self::notice() );
		set_current_screen( 'plugins' );
		$this->assertNotSame( '', self::notice() );
	}

	/**
	 * Once a key is set (saved here, or from the environment) the notice is gone, and the mark with it.
	 */
	public function test_a_key_ends_the_notice() {
		self::kg( 'activation' )->activate( false );
		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertNotSame( '', self::notice() );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'setup-notice' ), self::user( 'administrator' ) );
		$this->assertSame( '', self::notice() );
		$this->assertSame( 0, self::kg( 'notice' )->pending_since(), 'the mark is removed' );
		$this->assertFalse( get_option( Setup_Notice::OPTION ) );

		delete_option( Key_Store::OPTION );
		putenv( 'OPENAI_API_KEY=' . Sim_Keys::key( 'ok', 'setup-env' ) );
		self::kg( 'activation' )->activate( false );
		$this->assertSame( 0, self::kg( 'notice' )->pending_since(), 'activated with a key: nothing to mark' );
	}

	/**
	 * Dismissing needs the nonce; with it the notice stays dismissed for that user only, until the
	 * plugin is activated again.
	 */
	public function test_dismissal_needs_the_nonce_and_lasts_per_user() {
		self::kg( 'activation' )->activate( false );
		$admin = self::user( 'administrator' );
		wp_set_current_user( $admin );

		$this->assertSame( 'died', self::dismiss( 'not-a-nonce' ) );
		$this->assertSame( '', get_user_meta( $admin, Setup_Notice::DISMISSED_META, true ) );
		$this->assertNotSame( '', self::notice() );

		$this->assertSame( 'redirected', self::dismiss( wp_create_nonce( Setup_Notice::ACTION ) ) );
		$this->assertSame( '', self::notice() );

		wp_set_current_user( self::administrator( 'kg_notice_other_admin', true ) );
		$this->assertNotSame( '', self::notice(), 'another administrator still sees it' );

		wp_set_current_user( $admin );
		update_option( Setup_Notice::OPTION, self::kg( 'notice' )->pending_since() + 1, true );
		$this->assertNotSame( '', self::notice(), 'a later activation shows it again' );
	}

	/**
	 * A user without the capability cannot dismiss, even with a valid nonce.
	 */
	public function test_dismissal_needs_the_capability() {
		self::kg( 'activation' )->activate( false );
		$editor = self::user( 'editor' );
		wp_set_current_user( $editor );
		$this->assertSame( 'died', self::dismiss( wp_create_nonce( Setup_Notice::ACTION ) ) );
		$this->assertSame( '', get_user_meta( $editor, Setup_Notice::DISMISSED_META, true ) );
	}

	/**
	 * The notice as printed on the current screen for the current user.
	 *
	 * @return string
	 */
	private static function notice() {
		ob_start();
		self::kg( 'notice' )->show();
		return (string) ob_get_clean();
	}

	/**
	 * Runs the dismiss handler as admin-post.php would, stopping where it would die or redirect.
	 *
	 * @param string $nonce The _wpnonce sent.
	 * @return string died or redirected.
	 */
	private static function dismiss( $nonce ) {
		$_GET['_wpnonce']     = $nonce;
		$_REQUEST['_wpnonce'] = $nonce;
		$die                  = static function () {
			return static function () {
				throw new RuntimeException( 'died' );
			};
		};
		$redirect             = static function () {
			throw new RuntimeException( 'redirected' );
		};
		add_filter( 'wp_die_handler', $die );
		add_filter( 'wp_redirect', $redirect );
		try {
			self::kg( 'notice' )->dismiss();
		} catch ( RuntimeException $stopped ) {
			return $stopped->getMessage();
		} finally {
			remove_filter( 'wp_die_handler', $die );
			remove_filter( 'wp_redirect', $redirect );
		}
		return 'returned';
	}

	/**
	 * Another administrator of this site, made once: on a network, a network administrator when
	 * $manages_key (only they manage the key there), else a plain site administrator.
	 *
	 * @param string $login       Login.
	 * @param bool   $manages_key Whether the user should manage the key on a network.
	 * @return int
	 */
	private static function administrator( $login, $manages_key ) {
		$user = get_user_by( 'login', $login );
		$id   = $user ? $user->ID : wp_insert_user(
			array(
				'user_login' => $login,
				'user_pass'  => wp_generate_password(),
				'user_email' => $login . '@example.test',
				'role'       => 'administrator',
			)
		);
		if ( is_multisite() && $manages_key ) {
			grant_super_admin( (int) $id );
		}
		return (int) $id;
	}
}
