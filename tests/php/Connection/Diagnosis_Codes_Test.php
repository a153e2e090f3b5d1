<?php
/**
 * Tests for Diagnosis_Codes: data/diagnoses.json, the one list of diagnosis codes, held to the code.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Connection\Advice;
use Key_Guard\Connection\Diagnosis;
use Key_Guard\Connection\Diagnosis_Codes;

/**
 * A code added to the data file fails here until it has words, advice, links that exist and a fixture
 * case; a code the classifier gives fails here until the data file holds it. (tests/js/shared/labels.test.ts
 * does the same for the screen's labels.)
 */
final class Diagnosis_Codes_Test extends TestCase {

	const KINDS = array( 'ok', 'key', 'account', 'project', 'model', 'limit', 'openai', 'network', 'site' );

	/**
	 * The codes, read the way the plugin reads them.
	 *
	 * @return array<string, array>
	 */
	private function codes() {
		$codes = Diagnosis_Codes::all();
		$this->assertGreaterThanOrEqual( 21, count( $codes ), 'data/diagnoses.json is read.' );
		return $codes;
	}

	/**
	 * Whether a result's http_status fits a code's http_status list ("401", "5xx", "none").
	 *
	 * @param int|null $status  HTTP status, null when no answer came.
	 * @param string[] $allowed From the data file.
	 * @return bool
	 */
	private static function fits( $status, array $allowed ) {
		if ( null === $status ) {
			return in_array( 'none', $allowed, true );
		}
		return in_array( (string) $status, $allowed, true ) || in_array( intdiv( (int) $status, 100 ) . 'xx', $allowed, true );
	}

	/**
	 * Every code has a headline and advice of its own, in words, with the links the data names.
	 */
	public function test_every_code_has_words_advice_and_links() {
		$headlines = array();
		foreach ( $this->codes() as $code => $facts ) {
			$text = Advice::for_code( $code, array( 'model' => 'gpt-test' ) );
			foreach ( array( 'message', 'advice' ) as $field ) {
				$this->assertNotSame( '', trim( $text[ $field ] ), "$code has no $field." );
				$this->assertDoesNotMatchRegularExpression( '/\b[a-z]+(?:_[a-z]+)+\b/', $text[ $field ], "$code's $field shows a code, not words." );
			}
			$this->assertSame( $facts['links'], self::link_ids( $text['links'] ), "$code's links are the data's." );
			foreach ( $text['links'] as $link ) {
				$this->assertNotSame( '', $link['label'] );
				$this->assertStringStartsWith( 'https://', $link['url'] );
			}
			$headlines[ $text['message'] ] = $code;
		}
		$this->assertCount( count( $this->codes() ), $headlines, 'Every code has its own headline.' );
		$this->assertStringContainsString( 'api.model.read', Advice::for_code( 'missing_scope', array( 'scope' => 'api.model.read' ) )['advice'] );
		$this->assertStringContainsString( '20 seconds', Advice::for_code( 'rate_limited', array( 'wait' => 19.2 ) )['advice'] );
		$this->assertSame( Advice::for_code( 'bad_response' )['links'], Advice::for_code( 'no_such_code' )['links'], 'An unknown code gets bad_response\'s.' );
	}

	/**
	 * The ids of Advice's links, by their URL.
	 *
	 * @param array<int, array{label: string, url: string}> $links Links.
	 * @return string[]
	 */
	private static function link_ids( array $links ) {
		return array_map(
			static function ( $link ) {
				return (string) array_search( $link['url'], Advice::LINKS, true );
			},
			$links
		);
	}

	/**
	 * Every code has at least one fixture case, and no fixture expects a code the data lacks.
	 */
	public function test_every_code_has_a_fixture_case() {
		$expected = array();
		foreach ( array( 'openai-errors.json', 'transport-errors.json', 'typed-keys.json' ) as $file ) {
			foreach ( self::json_fixture( 'php/fixtures/' . $file ) as $case ) {
				$expected[ $case['expected'] ] = $file;
			}
		}
		$codes = array_keys( $this->codes() );
		$this->assertSame( array(), array_values( array_diff( $codes, array_keys( $expected ) ) ), 'Codes without a fixture case in tests/php/fixtures/.' );
		$this->assertSame( array(), array_values( array_diff( array_keys( $expected ), $codes ) ), 'Fixture cases expecting a code data/diagnoses.json lacks.' );
	}

	/**
	 * The statuses in the fixtures are the ones the data gives for their codes.
	 */
	public function test_fixture_statuses_fit_the_data() {
		$codes = $this->codes();
		foreach ( self::json_fixture( 'php/fixtures/openai-errors.json' ) as $case ) {
			$this->assertTrue( self::fits( $case['status'], $codes[ $case['expected'] ]['http_status'] ), "{$case['name']}: HTTP {$case['status']} is not listed for {$case['expected']}." );
		}
		foreach ( self::json_fixture( 'php/fixtures/transport-errors.json' ) as $case ) {
			$this->assertTrue( self::fits( null, $codes[ $case['expected'] ]['http_status'] ), "{$case['name']}: {$case['expected']} may come without an answer." );
		}
	}

	/**
	 * The classifier's tables give only codes the data holds.
	 */
	public function test_the_classifier_gives_only_known_codes() {
		$given = array_merge( array_values( Diagnosis::CODE_MAP ), array_values( Diagnosis::TYPE_MAP ), array_values( Diagnosis::MESSAGE_MAP ) );
		$this->assertSame( array(), array_values( array_diff( array_unique( $given ), array_keys( $this->codes() ) ) ) );
	}

	/**
	 * Each code says where the fix is; only OpenAI's own failures send the owner to OpenAI's status
	 * page, never a fault on this server's side (issue 8, fix 9); only offline diagnoses answer 400.
	 */
	public function test_kinds_links_and_statuses() {
		foreach ( $this->codes() as $code => $facts ) {
			$this->assertContains( $facts['kind'], self::KINDS, $code );
			$this->assertSame( 'openai' === $facts['kind'], in_array( 'status', $facts['links'], true ), "$code: the status page is for OpenAI's side only." );
			foreach ( $facts['links'] as $id ) {
				$this->assertArrayHasKey( $id, Advice::LINKS, $code );
			}
			$this->assertContains( $facts['rest_status'], array( 200, 400 ), $code );
			if ( 400 === $facts['rest_status'] ) {
				$this->assertContains( 'none', $facts['http_status'], "$code is found offline, without an answer." );
			}
			foreach ( $facts['http_status'] as $status ) {
				$this->assertMatchesRegularExpression( '/^(none|[1-5]([0-9]{2}|xx))$/', $status, $code );
			}
		}
	}

	/**
	 * Typed keys from tests/php/fixtures/typed-keys.json.
	 *
	 * @return array
	 */
	public function typed_key_cases() {
		$out = array();
		foreach ( self::json_fixture( 'php/fixtures/typed-keys.json' ) as $case ) {
			$out[ $case['name'] ] = array( $case['key'] ?? null, $case['scenario'] ?? null, $case['expected'] );
		}
		return $out;
	}

	/**
	 * POST /test answers a typed key with the diagnosis and the REST status the data gives.
	 *
	 * @dataProvider typed_key_cases
	 *
	 * @param string|null $key      The typed key, or null for a simulator key.
	 * @param string|null $scenario Simulator scenario of the key.
	 * @param string      $expected Diagnosis code.
	 */
	public function test_typed_keys_get_the_rest_status_of_their_code( $key, $scenario, $expected ) {
		wp_set_current_user( self::user( 'administrator' ) );
		$facts    = Diagnosis_Codes::get( $expected );
		$response = self::rest( 'POST', '/test', array( 'key' => null === $key ? Sim_Keys::key( (string) $scenario, 'tk' . wp_rand() ) : $key ) );
		$this->assertSame( $expected, $response->get_data()['code'] );
		$this->assertSame( $facts['rest_status'], $response->get_status() );
		$this->assertTrue( self::fits( $response->get_data()['http_status'], $facts['http_status'] ) );
	}

	/**
	 * The README's table of diagnosis codes lists exactly the data's codes.
	 */
	public function test_the_readme_lists_every_code() {
		$readme = (string) file_get_contents( dirname( __DIR__, 3 ) . '/README.md' );
		$this->assertMatchesRegularExpression( '/## Diagnosis codes\n(.*?)\n## /s', $readme );
		preg_match( '/## Diagnosis codes\n(.*?)\n## /s', $readme, $section );
		preg_match_all( '/^\| `([a-z_]+)` \|/m', $section[1], $rows );
		$this->assertSame( array_keys( $this->codes() ), $rows[1] );
	}
}
