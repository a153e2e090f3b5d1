<?php
/**
 * Tests for naming who sent an OpenAI request.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Usage\Callers;

/**
 * A stack names its caller: the innermost plugin, theme or must-use plugin frame that is not
 * this plugin's meter, an AI provider plugin or an AI client library; core otherwise; this
 * plugin's own code is key-guard-for-openai.
 */
final class Callers_Test extends TestCase {

	/**
	 * Frames as debug_backtrace() gives them, innermost first, from file paths.
	 *
	 * @param string ...$files Files.
	 * @return array
	 */
	private static function frames( ...$files ) {
		return array_map(
			static function ( $file ) {
				return array(
					'file'     => $file,
					'function' => 'f',
				);
			},
			$files
		);
	}

	/**
	 * Each kind of caller, behind core's HTTP code.
	 *
	 * @dataProvider stacks
	 *
	 * @param string[] $files    The stack's files, innermost first.
	 * @param string   $expected The caller id.
	 */
	public function test_the_caller_of_a_stack( array $files, $expected ) {
		$callers = self::kg( 'callers' );
		$this->assertSame( $expected, $callers->from_trace( self::frames( ...$files ) ) );
	}

	/**
	 * Stacks and their callers.
	 *
	 * @return array
	 */
	public function stacks() {
		$http    = ABSPATH . 'wp-includes/class-wp-http.php';
		$hook    = ABSPATH . 'wp-includes/class-wp-hook.php';
		$plugins = WP_PLUGIN_DIR;
		$client  = ABSPATH . 'wp-includes/ai-client/adapters/class-wp-ai-client-http-client.php';
		$library = ABSPATH . 'wp-includes/php-ai-client/src/Providers/Http/HttpTransporter.php';
		$own     = dirname( KEY_GUARD_FILE );
		return array(
			'a plugin'                             => array( array( $hook, $http, ABSPATH . 'wp-includes/http.php', $plugins . '/ai-engine/classes/engines/openai.php', $plugins . '/ai-engine/ai-engine.php' ), 'ai-engine' ),
			'a single-file plugin'                 => array( array( $http, $plugins . '/hello-ai.php' ), 'hello-ai' ),
			'a theme'                              => array( array( $http, get_theme_root() . '/twentytwentyfive/functions.php' ), 'theme:twentytwentyfive' ),
			'a must-use plugin'                    => array( array( $http, WPMU_PLUGIN_DIR . '/site-ai.php' ), 'mu:site-ai.php' ),
			'a must-use plugin in a folder'        => array( array( $http, WPMU_PLUGIN_DIR . '/agency/loader.php' ), 'mu:agency' ),
			'the AI client, asked by a plugin'     => array( array( $hook, $http, $client, $library, $plugins . '/ai-provider-for-openai/src/Models/OpenAiTextGenerationModel.php', $library, ABSPATH . 'wp-includes/ai-client.php', $plugins . '/ai/includes/Experiments/Title_Generation.php' ), 'ai' ),
			'the AI client, asked by core'         => array( array( $http, $client, $library, $plugins . '/ai-provider-for-openai/src/Models/OpenAiTextGenerationModel.php', ABSPATH . 'wp-admin/options-connectors.php' ), 'core' ),
			'a client library bundled in a plugin' => array( array( $http, $plugins . '/ai-engine/vendor/wordpress/php-ai-client/src/Transport.php', $plugins . '/seo-writer/writer.php' ), 'seo-writer' ),
			'this plugin\'s connection test'       => array( array( $hook, $http, $own . '/php/Connection/Api_Client.php', $own . '/php/Connection/Connection_Tester.php' ), Callers::OWN ),
			'the meter itself is passed over'      => array( array( $own . '/php/Usage/Usage_Meter.php', $hook, $http, get_theme_root() . '/my-theme/inc/ai.php' ), 'theme:my-theme' ),
			'core'                                 => array( array( $hook, $http, ABSPATH . 'wp-admin/includes/update.php' ), 'core' ),
		);
	}

	/**
	 * A provider plugin named by the filter is passed over too.
	 */
	public function test_provider_plugins_are_filterable() {
		$providers = static function ( $list ) {
			$list[] = 'my-gateway';
			return $list;
		};
		add_filter( 'key_guard_provider_plugins', $providers );
		$caller = self::kg( 'callers' )->from_trace( self::frames( WP_PLUGIN_DIR . '/my-gateway/send.php', WP_PLUGIN_DIR . '/blog-helper/helper.php' ) );
		remove_filter( 'key_guard_provider_plugins', $providers );
		$this->assertSame( 'blog-helper', $caller );
	}

	/**
	 * Names in words, and kinds.
	 */
	public function test_labels_and_kinds() {
		$callers = self::kg( 'callers' );
		$this->assertSame( 'WordPress core', $callers->label( 'core' ) );
		$this->assertStringContainsString( 'Twenty Twenty-Five', $callers->label( 'theme:twentytwentyfive' ) );
		$this->assertStringContainsString( 'site-ai.php', $callers->label( 'mu:site-ai.php' ) );
		$this->assertSame( 'not-installed', $callers->label( 'not-installed' ) );
		$this->assertSame( array( 'plugin', 'theme', 'mu', 'core' ), array_map( array( Callers::class, 'kind' ), array( 'ai-engine', 'theme:x', 'mu:y.php', 'core' ) ) );
	}
}
