<?php
/**
 * Hostile and malformed input to every write route, through the real REST server.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Shape;
use Key_Guard\Key\Key_Store;
use WP_REST_Request;

/**
 * Each input gets a clear 4xx with a code and a message, and the stored key (and its row) stay as they were.
 */
final class Hostile_Input_Test extends TestCase {

	/**
	 * The stored key every case starts from.
	 *
	 * @var string
	 */
	private $stored = '';

	/**
	 * Stores a key and logs in as an administrator.
	 */
	protected function set_up() {
		parent::set_up();
		wp_set_current_user( self::user( 'administrator' ) );
		$this->stored = Sim_Keys::key( 'ok', 'hostile' );
		self::kg( 'store' )->save( $this->stored, get_current_user_id() );
	}

	/**
	 * Hostile `key` values for POST /key: [ value, expected error code ].
	 *
	 * @return array
	 */
	public function hostile_keys() {
		$ok  = Sim_Keys::key( 'ok' );
		$zws = "\u{200B}";
		return array(
			'empty'                  => array( '', 'key_guard_empty' ),
			'spaces'                 => array( '     ', 'key_guard_empty' ),
			'tabs and newlines'      => array( "\t\r\n\t", 'key_guard_empty' ),
			'only zero-width'        => array( $zws . $zws, 'key_guard_empty' ),
			'only nbsp'              => array( "\u{00A0}\u{00A0}", 'key_guard_empty' ),
			'only quotes'            => array( '""', 'key_guard_empty' ),
			'only bearer'            => array( 'Bearer ', 'key_guard_too_short' ),
			'our mask'               => array( Key_Shape::mask( $ok ), 'key_guard_masked' ),
			'core bullets mask'      => array( str_repeat( "\u{2022}", 16 ) . 'Ab3d', 'key_guard_masked' ),
			'stars echo'             => array( 'sk-proj-********************abcd', 'key_guard_masked' ),
			'ellipsis inside'        => array( "sk-proj-abc\u{2026}xyz" . str_repeat( 'a', 20 ), 'key_guard_masked' ),
			'admin key'              => array( 'sk-admin-' . str_repeat( 'a', 74 ) . 'T3BlbkFJ' . str_repeat( 'b', 74 ), 'key_guard_admin_key' ),
			'quoted admin key'       => array( '"sk-admin-' . str_repeat( 'a', 40 ) . '"', 'key_guard_admin_key' ),
			'1 MB'                   => array( str_repeat( 'a', 1048576 ), 'rest_invalid_param' ),
			'just over the schema'   => array( str_repeat( 'a', 4097 ), 'rest_invalid_param' ),
			'absurd but in schema'   => array( 'sk-proj-' . str_repeat( 'a', 3000 ), 'key_guard_too_long' ),
			'too short'              => array( 'sk-a', 'key_guard_too_short' ),
			'nul byte'               => array( "sk-proj-\0" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'bell'                   => array( "sk-proj-\x07" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'escape sequence'        => array( "sk-proj-\x1b[31m" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'delete char'            => array( "sk-proj-\x7f" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'space inside'           => array( 'sk-proj- ' . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'tab inside'             => array( "sk-proj-\t" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'cyrillic a'             => array( str_replace( 'a', "\u{0430}", $ok ), 'key_guard_invalid_characters' ),
			'greek omicron'          => array( "sk-pr\u{03BF}j-" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'fullwidth letters'      => array( "\u{FF53}\u{FF4B}-" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'emoji'                  => array( "sk-proj-\u{1F511}" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'right-to-left override' => array( "sk-proj-\u{202E}" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'invalid utf-8'          => array( "sk-proj-\xff\xfe" . str_repeat( 'a', 40 ), 'rest_invalid_param' ),
			'script tag'             => array( '<script>alert(document.cookie)</script>', 'key_guard_invalid_characters' ),
			'img onerror'            => array( '<img src=x onerror=alert(1)>', 'key_guard_invalid_characters' ),
			'javascript url'         => array( 'javascript:alert(1)//' . str_repeat( 'a', 20 ), 'key_guard_invalid_characters' ),
			'html entity'            => array( 'sk-proj-&lt;b&gt;' . str_repeat( 'a', 30 ), 'key_guard_invalid_characters' ),
			'sql quote'              => array( "sk-' OR '1'='1" . str_repeat( 'a', 20 ), 'key_guard_invalid_characters' ),
			'sql drop'               => array( "x'; DROP TABLE wp_options; --", 'key_guard_invalid_characters' ),
			'sql comment'            => array( 'sk-proj-/**/' . str_repeat( 'a', 30 ), 'key_guard_invalid_characters' ),
			'php tag'                => array( '<?php system($_GET[1]); ?>', 'key_guard_invalid_characters' ),
			'serialized object'      => array( 'O:8:"stdClass":0:{}', 'key_guard_invalid_characters' ),
			'json inside'            => array( '{"key":"' . $ok . '"}', 'key_guard_invalid_characters' ),
			'path traversal'         => array( '../../../../etc/passwd' . str_repeat( 'a', 10 ), 'key_guard_invalid_characters' ),
			'url'                    => array( 'https://evil.example/' . str_repeat( 'a', 20 ), 'key_guard_invalid_characters' ),
			'two keys'               => array( $ok . ' ' . $ok, 'key_guard_several_keys' ),
			'two keys on two lines'  => array( $ok . "\n" . Sim_Keys::key( 'ok', 'b2' ), 'key_guard_several_keys' ),
			'two keys, a comma'      => array( $ok . ',' . Sim_Keys::key( 'ok', 'b2' ), 'key_guard_several_keys' ),
			'two keys, nbsp between' => array( $ok . "\u{00A0}" . Sim_Keys::key( 'ok', 'b2' ), 'key_guard_several_keys' ),
			'env line'               => array( 'OPENAI_API_KEY=' . $ok, 'key_guard_invalid_characters' ),
			'define line'            => array( "define( 'OPENAI_API_KEY', '$ok' );", 'key_guard_invalid_characters' ),
			'percent encoded'        => array( 'sk-proj-%41%42' . str_repeat( 'a', 30 ), 'key_guard_invalid_characters' ),
			'crlf header injection'  => array( "sk-proj-abc\r\nX-Evil: 1\r\n" . str_repeat( 'a', 30 ), 'key_guard_invalid_characters' ),
		);
	}

	/**
	 * Every hostile key for every route that takes a key: [ route, value, expected code ]. A typed
	 * key for POST /test gets its diagnosis code (no_key, admin_key, malformed_key) with the 400.
	 *
	 * @return array
	 */
	public function hostile_key_cases() {
		$cases = array();
		foreach ( array( '/key', '/environments/staging', '/test' ) as $route ) {
			foreach ( $this->hostile_keys() as $name => list( $value, $code ) ) {
				if ( '/test' === $route && 0 === strpos( $code, 'key_guard_' ) ) {
					$code = array(
						'key_guard_empty'     => 'no_key',
						'key_guard_admin_key' => 'admin_key',
					)[ $code ] ?? 'malformed_key';
				}
				$cases[ "POST $route: $name" ] = array( $route, $value, $code );
			}
		}
		return $cases;
	}

	/**
	 * Each hostile key is refused with a clear 4xx; the stored key and its row are unchanged,
	 * no key is prepared for another environment and nothing is sent to OpenAI.
	 *
	 * @dataProvider hostile_key_cases
	 *
	 * @param string $route Route.
	 * @param mixed  $value The key sent.
	 * @param string $code  Expected error code.
	 */
	public function test_hostile_key_is_refused( $route, $value, $code ) {
		$raw      = self::raw_option();
		$response = self::rest( 'POST', $route, array( 'key' => $value ) );
		if ( "\xff" === substr( $value, 8, 1 ) ) {
			// wp_json_encode() cannot encode invalid UTF-8: send it as a raw body instead.
			$request = new WP_REST_Request( 'POST', '/key-guard/v1' . $route );
			$request->set_body_params( array( 'key' => $value ) );
			$response = rest_get_server()->dispatch( $request );
			$code     = '/test' === $route ? 'malformed_key' : 'key_guard_invalid_characters';
		}
		$this->assert_refused( $response, $code, $raw );
		$this->assertFalse( get_option( 'key_guard_environment_keys' ), 'no key prepared' );
		$this->assertNotContains( 'tested', wp_list_pluck( self::kg( 'audit' )->events(), 'event' ), 'nothing tested' );
	}

	/**
	 * Other providers' keys, and a key without "sk-", for every route that takes a key:
	 * [ route, value, expected code, the provider the message names ].
	 *
	 * @return array
	 */
	public function foreign_key_cases() {
		$keys  = array(
			'Anthropic'    => 'sk-ant-api03-' . str_repeat( 'aB', 46 ) . 'AA',
			'Google'       => 'AIza' . str_repeat( 'Gg', 17 ) . 'x',
			'OpenRouter'   => 'sk-or-v1-' . str_repeat( '0f', 32 ),
			'Groq'         => 'gsk_' . str_repeat( 'Qq', 26 ),
			'xAI'          => 'xai-' . str_repeat( 'Xx', 40 ),
			'Perplexity'   => 'pplx-' . str_repeat( 'Pp', 24 ),
			'Hugging Face' => 'hf_' . str_repeat( 'Hh', 17 ),
			''             => 'my-gateway-token-0123456789',
		);
		$cases = array();
		foreach ( array( '/key', '/environments/staging', '/test' ) as $route ) {
			foreach ( $keys as $provider => $value ) {
				$code                          = '' === $provider ? 'key_guard_not_openai_key' : 'key_guard_foreign_key';
				$name                          = '' === $provider ? 'a key without sk-' : "a key from $provider";
				$cases[ "POST $route: $name" ] = array( $route, $value, '/test' === $route ? 'malformed_key' : $code, $provider );
			}
		}
		return $cases;
	}

	/**
	 * While the base URL is OpenAI's own, another provider's key is refused by name (and a key
	 * without "sk-" as not an OpenAI key): 400, nothing stored or prepared, nothing sent.
	 *
	 * @dataProvider foreign_key_cases
	 *
	 * @param string $route    Route.
	 * @param string $value    The key sent.
	 * @param string $code     Expected error code.
	 * @param string $provider The provider the message must name, or ''.
	 */
	public function test_foreign_key_is_refused_while_the_base_url_is_openais( $route, $value, $code, $provider ) {
		putenv( 'OPENAI_BASE_URL' ); // OpenAI's own API.
		$sent  = 0;
		$count = static function () use ( &$sent ) {
			++$sent;
			return new \WP_Error( 'http_request_blocked', 'Nothing may be sent.' );
		};
		add_filter( 'pre_http_request', $count );
		$raw      = self::raw_option();
		$response = self::rest( 'POST', $route, array( 'key' => $value ) );
		remove_filter( 'pre_http_request', $count );

		$this->assert_refused( $response, $code, $raw );
		$this->assertSame( 400, $response->get_status() );
		$data = $response->get_data();
		// A typed key for POST /test is diagnosed malformed_key; the key check says why.
		$message = '/test' === $route ? wp_list_pluck( $data['checks'], 'detail', 'id' )['key'] : $data['message'];
		$this->assertStringContainsString( $provider, $message );
		$this->assertStringContainsString( 'platform.openai.com/api-keys', $message );
		$this->assertStringNotContainsString( substr( $value, 6, 20 ), wp_json_encode( $data ), 'the key is not echoed' );
		$this->assertFalse( get_option( 'key_guard_environment_keys' ), 'no key prepared' );
		$this->assertSame( 0, $sent, 'nothing sent' );
	}

	/**
	 * Wrong shapes of body for the write routes: [ method, route, body (array, or a raw string), content type, code ].
	 *
	 * @return array
	 */
	public function hostile_bodies() {
		$ok = Sim_Keys::key( 'ok' );
		return array(
			'key as number'             => array( 'POST', '/key', array( 'key' => 12345 ), 'application/json', 'rest_invalid_param' ),
			'key as float'              => array( 'POST', '/key', array( 'key' => 1.5 ), 'application/json', 'rest_invalid_param' ),
			'key as true'               => array( 'POST', '/key', array( 'key' => true ), 'application/json', 'rest_invalid_param' ),
			'key as array'              => array( 'POST', '/key', array( 'key' => array( $ok ) ), 'application/json', 'rest_invalid_param' ),
			'key as object'             => array( 'POST', '/key', array( 'key' => array( 'value' => $ok ) ), 'application/json', 'rest_invalid_param' ),
			'key as null'               => array( 'POST', '/key', array( 'key' => null ), 'application/json', 'rest_missing_callback_param' ),
			'missing key'               => array( 'POST', '/key', array(), 'application/json', 'rest_missing_callback_param' ),
			'wrong field name'          => array( 'POST', '/key', array( 'api_key' => $ok ), 'application/json', 'rest_missing_callback_param' ),
			'extra field'               => array(
				'POST',
				'/key',
				array(
					'key'    => $ok,
					'source' => 'env',
				),
				'application/json',
				'rest_additional_properties_forbidden',
			),
			'invalid json'              => array( 'POST', '/key', '{"key": "sk-', 'application/json', 'rest_invalid_json' ),
			'json array body'           => array( 'POST', '/key', '["' . $ok . '"]', 'application/json', 'rest_missing_callback_param' ),
			'json string body'          => array( 'POST', '/key', '"' . $ok . '"', 'application/json', 'rest_missing_callback_param' ),
			'text/plain body'           => array( 'POST', '/key', $ok, 'text/plain', 'rest_missing_callback_param' ),
			'xml body'                  => array( 'POST', '/key', '<key>' . $ok . '</key>', 'application/xml', 'rest_missing_callback_param' ),
			'delete with a body'        => array( 'DELETE', '/key', array( 'key' => $ok ), 'application/json', 'rest_additional_properties_forbidden' ),
			'test with extra field'     => array( 'POST', '/test', array( 'base_url' => 'http://evil.example/v1' ), 'application/json', 'rest_additional_properties_forbidden' ),
			'test key as array'         => array( 'POST', '/test', array( 'key' => array() ), 'application/json', 'rest_invalid_param' ),
			'test 1 MB key'             => array( 'POST', '/test', array( 'key' => str_repeat( 'a', 1048576 ) ), 'application/json', 'rest_invalid_param' ),
			'test model traversal'      => array( 'POST', '/test', array( 'model' => '../../v1/files' ), 'application/json', 'rest_invalid_param' ),
			'test model with newline'   => array( 'POST', '/test', array( 'model' => "gpt-4o-mini\n" ), 'application/json', 'rest_invalid_param' ),
			'test model as number'      => array( 'POST', '/test', array( 'model' => 4 ), 'application/json', 'rest_invalid_param' ),
			'test invalid json'         => array( 'POST', '/test', '{', 'application/json', 'rest_invalid_json' ),
			'confirm with a body'       => array( 'POST', '/key/confirm', array( 'key' => $ok ), 'application/json', 'rest_additional_properties_forbidden' ),
			'confirm with nothing held' => array( 'POST', '/key/confirm', array(), 'application/json', 'key_guard_nothing_held' ),
			'confirm invalid json'      => array( 'POST', '/key/confirm', '{"', 'application/json', 'rest_invalid_json' ),
			'env key as number'         => array( 'POST', '/environments/staging', array( 'key' => 42 ), 'application/json', 'rest_invalid_param' ),
			'env key missing'           => array( 'POST', '/environments/staging', array(), 'application/json', 'rest_missing_callback_param' ),
			'env extra field'           => array(
				'POST',
				'/environments/staging',
				array(
					'key'  => $ok,
					'site' => 'x',
				),
				'application/json',
				'rest_additional_properties_forbidden',
			),
			'env invalid json'          => array( 'POST', '/environments/staging', '{"key":', 'application/json', 'rest_invalid_json' ),
			'env text/plain body'       => array( 'POST', '/environments/staging', $ok, 'text/plain', 'rest_missing_callback_param' ),
			'env unknown type'          => array( 'POST', '/environments/qa', array( 'key' => $ok ), 'application/json', 'rest_invalid_param' ),
			'env sql in type'           => array( 'POST', '/environments/staging%27%20or%201', array( 'key' => $ok ), 'application/json', 'rest_no_route' ),
			'env own type'              => array( 'POST', '/environments/' . wp_get_environment_type(), array( 'key' => $ok ), 'application/json', 'key_guard_current_environment' ),
			'env delete with a body'    => array( 'DELETE', '/environments/staging', array( 'key' => $ok ), 'application/json', 'rest_additional_properties_forbidden' ),
			'env delete of nothing'     => array( 'DELETE', '/environments/staging', array(), 'application/json', 'key_guard_no_environment_key' ),
		);
	}

	/**
	 * Bodies that are wrong for every write route: [ raw body, content type, expected code ].
	 *
	 * @return array<string, array{0: string, 1: string, 2: string}>
	 */
	public static function bodies_wrong_everywhere() {
		$ok   = Sim_Keys::key( 'ok', 'everywhere' );
		$deep = str_repeat( '[', 600 ) . str_repeat( ']', 600 );
		$json = static function ( $value ) {
			return (string) wp_json_encode( $value );
		};
		return array(
			'truncated object'       => array( '{', 'application/json', 'rest_invalid_json' ),
			'truncated value'        => array( '{"key":', 'application/json', 'rest_invalid_json' ),
			'trailing comma'         => array( '{"key": "a",}', 'application/json', 'rest_invalid_json' ),
			'single quotes'          => array( "{'key': 'a'}", 'application/json', 'rest_invalid_json' ),
			'bare word'              => array( 'nul', 'application/json', 'rest_invalid_json' ),
			'NaN'                    => array( '{"key": NaN}', 'application/json', 'rest_invalid_json' ),
			'leading zero'           => array( '{"key": 01}', 'application/json', 'rest_invalid_json' ),
			'lone surrogate'         => array( '{"key": "\\ud800"}', 'application/json', 'rest_invalid_json' ),
			'invalid utf-8'          => array( "{\"key\": \"\xff\xfe\"}", 'application/json', 'rest_invalid_json' ),
			'nested 600 deep'        => array( $deep, 'application/json', 'rest_invalid_json' ),
			'two objects'            => array( '{"key": "a"}{"key": "b"}', 'application/json', 'rest_invalid_json' ),
			'comment inside'         => array( '{/* x */"key": "a"}', 'application/json', 'rest_invalid_json' ),
			'base url field'         => array( $json( array( 'base_url' => 'http://evil.example/v1' ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'url field'              => array( $json( array( 'url' => 'http://169.254.169.254/' ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'proto pollution'        => array( '{"__proto__": {"admin": true}}', 'application/json', 'rest_additional_properties_forbidden' ),
			'constructor field'      => array( '{"constructor": {"prototype": 1}}', 'application/json', 'rest_additional_properties_forbidden' ),
			'option name field'      => array( $json( array( 'option_name' => 'siteurl' ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'environment type field' => array( $json( array( 'environment_type' => 'production' ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'capitalised key'        => array( $json( array( 'KEY' => $ok ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'key with a space'       => array( $json( array( 'key ' => $ok ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'empty field name'       => array( $json( array( '' => $ok ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'html field name'        => array( $json( array( '<script>alert(1)</script>' => 1 ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'sql field name'         => array( $json( array( "key'; DROP TABLE wp_options; --" => 1 ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'1 MB padding'           => array( $json( array( 'pad' => str_repeat( 'a', 1048576 ) ) ), 'application/json', 'rest_additional_properties_forbidden' ),
			'form extra field'       => array( 'key=' . rawurlencode( $ok ) . '&extra=1', 'application/x-www-form-urlencoded', 'rest_additional_properties_forbidden' ),
			'form base url'          => array( 'base_url=http%3A%2F%2Fevil.example', 'application/x-www-form-urlencoded', 'rest_additional_properties_forbidden' ),
			'key as number'          => array( $json( array( 'key' => 12345 ) ), 'application/json', '*' ),
			'key as float'           => array( $json( array( 'key' => 1.5 ) ), 'application/json', '*' ),
			'key as true'            => array( $json( array( 'key' => true ) ), 'application/json', '*' ),
			'key as false'           => array( $json( array( 'key' => false ) ), 'application/json', '*' ),
			'key as list'            => array( $json( array( 'key' => array( $ok ) ) ), 'application/json', '*' ),
			'key as object'          => array( $json( array( 'key' => array( 'value' => $ok ) ) ), 'application/json', '*' ),
			'key as operator'        => array( '{"key": {"$ne": ""}}', 'application/json', '*' ),
			'key of 1 MB'            => array( $json( array( 'key' => str_repeat( 'a', 1048576 ) ) ), 'application/json', '*' ),
			'key and a model number' => array(
				$json(
					array(
						'key'   => $ok,
						'model' => 4,
					)
				),
				'application/json',
				'*',
			),
			'key and an extra'       => array(
				$json(
					array(
						'key'   => $ok,
						'admin' => true,
					)
				),
				'application/json',
				'rest_additional_properties_forbidden',
			),
			'model traversal'        => array( $json( array( 'model' => '../../v1/files' ) ), 'application/json', '*' ),
			'model with newline'     => array( $json( array( 'model' => "gpt-4o-mini\nX-Evil: 1" ) ), 'application/json', '*' ),
			'model as list'          => array( $json( array( 'model' => array( 'gpt-4o-mini' ) ) ), 'application/json', '*' ),
			'key in the query'       => array( '', 'application/json', 'key_guard_key_in_url' ),
		);
	}

	/**
	 * Every write route with every body that is wrong everywhere.
	 *
	 * @return array
	 */
	public function write_route_cases() {
		$routes = array(
			'POST /key'                  => array( 'POST', '/key' ),
			'DELETE /key'                => array( 'DELETE', '/key' ),
			'POST /key/confirm'          => array( 'POST', '/key/confirm' ),
			'POST /test'                 => array( 'POST', '/test' ),
			'POST /environments/staging' => array( 'POST', '/environments/staging' ),
			'DELETE /environments/local' => array( 'DELETE', '/environments/staging' ),
			'POST /setup'                => array( 'POST', '/setup' ),
		);
		if ( is_multisite() ) {
			$routes['POST /network'] = array( 'POST', '/network' ); // A route of networks only.
		}
		$cases = array();
		foreach ( $routes as $route_name => list( $method, $route ) ) {
			foreach ( self::bodies_wrong_everywhere() as $name => list( $body, $type, $code ) ) {
				$cases[ "$route_name: $name" ] = array( $method, $route, $body, $type, $code );
			}
		}
		return $cases;
	}

	/**
	 * Every write route refuses every wrong body with a clear 4xx and changes nothing: the key,
	 * its row, the prepared keys; nothing is tested. '*' accepts any error code (which one depends
	 * on whether the route knows the field).
	 *
	 * @dataProvider write_route_cases
	 *
	 * @param string $method       Method.
	 * @param string $route        Route.
	 * @param string $body         Raw body.
	 * @param string $content_type Content type.
	 * @param string $code         Expected error code, or '*'.
	 */
	public function test_every_write_route_refuses_wrong_bodies( $method, $route, $body, $content_type, $code ) {
		self::rest( 'POST', '/environments/staging', array( 'key' => Sim_Keys::key( 'ok', 'prepared-staging' ) ) );
		$prepared = get_option( 'key_guard_environment_keys' );
		$raw      = self::raw_option();
		$settings = array( get_option( 'key_guard_setup' ), get_network_option( null, 'key_guard_network' ) );
		$request  = new WP_REST_Request( $method, '/key-guard/v1' . $route );
		$request->set_header( 'Content-Type', $content_type );
		$request->set_body( $body );
		if ( 'application/x-www-form-urlencoded' === $content_type ) {
			// What PHP does with a form body on a real request ($_POST), which the server then reads.
			$request->set_body_params( wp_parse_args( $body ) );
		}
		if ( 'key_guard_key_in_url' === $code ) {
			$request->set_query_params( array( 'key' => $this->stored ) );
		}
		$response = rest_get_server()->dispatch( $request );
		$data     = $response->get_data();
		$this->assertGreaterThanOrEqual( 400, $response->get_status(), wp_json_encode( $data ) );
		$this->assertLessThan( 500, $response->get_status() );
		if ( 'rest_additional_properties_forbidden' === $code && in_array( $route, array( '/key', '/environments/staging' ), true ) && 'POST' === $method ) {
			// A route that requires `key` may first say it is missing.
			$this->assertContains( $data['code'], array( $code, 'rest_missing_callback_param' ) );
		} elseif ( '*' !== $code ) {
			$this->assertSame( $code, $data['code'] );
		}
		$this->assertNotSame( '', (string) $data['message'] );
		$this->assertSame( $raw, self::raw_option(), 'The stored row is untouched.' );
		$this->assertSame( $this->stored, get_option( Key_Store::OPTION ) );
		$this->assertSame( $prepared, get_option( 'key_guard_environment_keys' ), 'The prepared keys are untouched.' );
		$this->assertSame( $settings, array( get_option( 'key_guard_setup' ), get_network_option( null, 'key_guard_network' ) ), 'The guide and the network settings are untouched.' );
		$this->assertNotContains( 'tested', wp_list_pluck( self::kg( 'audit' )->events(), 'event' ) );
	}

	/**
	 * Each wrong body gets a clear 4xx; the stored key and its row are unchanged.
	 *
	 * @dataProvider hostile_bodies
	 *
	 * @param string       $method       Method.
	 * @param string       $route        Route.
	 * @param array|string $body         Body.
	 * @param string       $content_type Content type.
	 * @param string       $code         Expected error code.
	 */
	public function test_hostile_body_is_refused( $method, $route, $body, $content_type, $code ) {
		$raw     = self::raw_option();
		$request = new WP_REST_Request( $method, '/key-guard/v1' . $route );
		$request->set_header( 'Content-Type', $content_type );
		$request->set_body( is_array( $body ) ? wp_json_encode( $body ) : $body );
		$this->assert_refused( rest_get_server()->dispatch( $request ), $code, $raw );
	}

	/**
	 * Asserts a clear refusal and an untouched store.
	 *
	 * @param \WP_REST_Response $response The answer.
	 * @param string            $code     Expected error code.
	 * @param string|null       $raw      The row before.
	 */
	private function assert_refused( $response, $code, $raw ) {
		$data = $response->get_data();
		$this->assertGreaterThanOrEqual( 400, $response->get_status() );
		$this->assertLessThan( 500, $response->get_status() );
		$this->assertSame( $code, $data['code'] );
		$this->assertIsString( $data['message'] );
		$this->assertNotSame( '', $data['message'] );
		$this->assertSame( $raw, self::raw_option(), 'The stored row is untouched.' );
		$this->assertSame( $this->stored, get_option( Key_Store::OPTION ) );
	}
}
