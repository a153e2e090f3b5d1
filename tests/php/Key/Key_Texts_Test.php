<?php
/**
 * Tests for Key_Texts.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Connection\Advice;
use Key_Guard\Key\Key_Shape;
use Key_Guard\Key\Key_Texts;

/**
 * The server's words for a pasted key are one set of templates: the list both sides share
 * (data/key-texts.json) names exactly them, the server's notices and refusals are them filled in,
 * and the page hands the same templates, translated, to the screen.
 */
final class Key_Texts_Test extends TestCase {

	/** The list of text keys the screen and the server share, below tests/. */
	const SHARED = '../data/key-texts.json';

	/**
	 * The shared list's entries, by text key.
	 *
	 * @return array<string, array{args: string[], plural?: bool}>
	 */
	private static function shared() {
		$data = self::json_fixture( self::SHARED );
		return $data['texts'] ?? array();
	}

	/**
	 * A template in the form for a count, from an export: a plain one as is.
	 *
	 * @param array  $export What Key_Texts::export() returned.
	 * @param string $key    A text key.
	 * @param int    $count  The count, for a plural one.
	 * @return string
	 */
	private static function template( array $export, $key, $count = 0 ) {
		$text = $export[ $key ];
		return is_array( $text ) ? $text['forms'][ $text['form_of_count'][ $count ] ] : $text;
	}

	/**
	 * Both sides know the same texts: a key the screen may ask for has a server template, and a
	 * template the server adds must be listed for the screen (whose types come from the same list).
	 */
	public function test_the_shared_list_names_exactly_the_server_templates() {
		$shared = array_keys( self::shared() );
		$server = array_keys( Key_Texts::export() );
		$this->assertSame( array(), array_values( array_diff( $shared, $server ) ), 'listed in data/key-texts.json, without a template in Key_Texts' );
		$this->assertSame( array(), array_values( array_diff( $server, $shared ) ), 'a template in Key_Texts that data/key-texts.json does not list' );
		foreach ( self::shared() as $key => $entry ) {
			$this->assertSame( ! empty( $entry['plural'] ), is_array( Key_Texts::export()[ $key ] ), "$key: plural on both sides or on neither" );
		}
	}

	/**
	 * Each template has as many placeholders as the list says the screen fills in.
	 */
	public function test_each_template_takes_the_listed_values() {
		$export = Key_Texts::export();
		foreach ( self::shared() as $key => $entry ) {
			preg_match_all( '/%(?:(\d+)\$)?[sd]/', self::template( $export, $key, 2 ), $m, PREG_SET_ORDER );
			$this->assertCount( count( $entry['args'] ), $m, "$key takes " . implode( ', ', $entry['args'] ) );
			$this->assertNotSame( '', trim( self::template( $export, $key, 2 ) ), $key );
		}
	}

	/**
	 * Every server sentence, by the text keys it is made of: how the server says it, and how to say
	 * it from the exported templates.
	 *
	 * @return array<string, array{0: callable, 1: callable, 2: string[]}>
	 */
	public function sentences() {
		$key   = Sim_Keys::key( 'ok' );
		$pair  = $key . "\n" . Sim_Keys::key( 'ok', 'b2' );
		$three = $pair . "\n" . Sim_Keys::key( 'ok', 'c3' );
		$groq  = 'gsk_' . str_repeat( 'Qq', 26 );
		$token = 'my-gateway-token-0123456789';
		$cases = array();
		foreach ( array( 'invisible', 'line_breaks', 'nbsp', 'whitespace', 'quotes', 'bearer' ) as $code ) {
			$cases[ "removed_$code" ] = array(
				static function () use ( $code ) {
					return Key_Shape::removal_messages( array( $code ) )[0]['message'];
				},
				static function ( $t ) use ( $code ) {
					return $t[ "removed_$code" ];
				},
				array( "removed_$code" ),
			);
		}
		$refusal = static function ( $text, $own = true ) {
			return static function () use ( $text, $own ) {
				return Key_Shape::refusal( Key_Shape::normalise( $text )['key'], $own )->get_error_message();
			};
		};
		$warning = static function ( $text, $own = true ) {
			return static function () use ( $text, $own ) {
				return Key_Shape::warnings( $text, $own )[0]['message'];
			};
		};
		$filled  = static function ( $name, ...$args ) {
			return static function ( $t ) use ( $name, $args ) {
				return vsprintf( $t[ $name ], $args );
			};
		};
		$invalid = static function ( $detail ) {
			return static function ( $t ) use ( $detail ) {
				return sprintf( $t['key_guard_invalid_characters'], $detail( $t ) );
			};
		};
		return array_merge(
			$cases,
			array(
				'key_guard_empty'                    => array( $refusal( '  ' ), $filled( 'key_guard_empty' ), array( 'key_guard_empty' ) ),
				'two keys'                           => array(
					$refusal( $pair ),
					static function ( $t ) {
						return sprintf( self::template( $t, 'key_guard_several_keys', 2 ), 2 );
					},
					array( 'key_guard_several_keys' ),
				),
				'three keys'                         => array(
					$refusal( $three ),
					static function ( $t ) {
						return sprintf( self::template( $t, 'key_guard_several_keys', 3 ), 3 );
					},
					array( 'key_guard_several_keys' ),
				),
				'key_guard_masked'                   => array( $refusal( Key_Shape::mask( $key ) ), $filled( 'key_guard_masked' ), array( 'key_guard_masked' ) ),
				'key_guard_too_long'                 => array( $refusal( str_repeat( 'a', 450 ) ), $filled( 'key_guard_too_long', 450, Key_Shape::MAX_LENGTH ), array( 'key_guard_too_long' ) ),
				'a space inside'                     => array(
					$refusal( 'sk-proj- ' . str_repeat( 'a', 40 ) ),
					$invalid(
						static function ( $t ) {
							return sprintf( $t['key_guard_invalid_characters.at'], $t['key_guard_invalid_characters.space'], 9 );
						}
					),
					array( 'key_guard_invalid_characters', 'key_guard_invalid_characters.at', 'key_guard_invalid_characters.space' ),
				),
				'a look-alike letter'                => array(
					$refusal( "sk-proj-\u{0430}" . str_repeat( 'a', 40 ) ),
					$invalid( $filled( 'key_guard_invalid_characters.at', 'U+0430', 9 ) ),
					array( 'key_guard_invalid_characters', 'key_guard_invalid_characters.at' ),
				),
				'key_guard_invalid_characters.bytes' => array(
					$refusal( "sk-proj-\xC3\x28" . str_repeat( 'a', 40 ) ),
					$invalid( $filled( 'key_guard_invalid_characters.bytes' ) ),
					array( 'key_guard_invalid_characters', 'key_guard_invalid_characters.bytes' ),
				),
				'key_guard_foreign_key'              => array( $refusal( $groq ), $filled( 'key_guard_foreign_key', 'Groq', Advice::LINKS['api_keys'] ), array( 'key_guard_foreign_key' ) ),
				'key_guard_admin_key'                => array( $refusal( 'sk-admin-' . str_repeat( 'a', 40 ) ), $filled( 'key_guard_admin_key' ), array( 'key_guard_admin_key' ) ),
				'key_guard_not_openai_key'           => array( $refusal( $token ), $filled( 'key_guard_not_openai_key', Advice::LINKS['api_keys'] ), array( 'key_guard_not_openai_key' ) ),
				'key_guard_too_short'                => array( $refusal( 'sk-a' ), $filled( 'key_guard_too_short', 4, Key_Shape::MIN_LENGTH ), array( 'key_guard_too_short' ) ),
				'foreign_key'                        => array( $warning( $groq, false ), $filled( 'foreign_key', 'Groq' ), array( 'foreign_key' ) ),
				'unexpected_prefix'                  => array( $warning( $token ), $filled( 'unexpected_prefix' ), array( 'unexpected_prefix' ) ),
				'unexpected_prefix.other_service'    => array( $warning( $token, false ), $filled( 'unexpected_prefix.other_service' ), array( 'unexpected_prefix.other_service' ) ),
				'looks_truncated'                    => array( $warning( substr( $key, 0, -10 ) ), $filled( 'looks_truncated' ), array( 'looks_truncated' ) ),
				'looks_truncated.unusual_shape'      => array( $warning( 'sk-proj-' . str_repeat( 'a', 60 ) ), $filled( 'looks_truncated.unusual_shape' ), array( 'looks_truncated.unusual_shape' ) ),
			)
		);
	}

	/**
	 * What the server says is the exported template, filled in: the screen, filling in the same
	 * template, says the same sentence.
	 *
	 * @dataProvider sentences
	 *
	 * @param callable $said     Returns the server's sentence.
	 * @param callable $expected Builds it from the exported templates.
	 */
	public function test_the_server_says_the_exported_template_filled_in( $said, $expected ) {
		$this->assertSame( $expected( Key_Texts::export() ), $said() );
	}

	/**
	 * The cases above use every template, so a template added without a case fails here.
	 */
	public function test_every_template_is_checked_against_the_server() {
		$used = array_unique( array_merge( ...array_column( $this->sentences(), 2 ) ) );
		$this->assertEqualsCanonicalizing( array_keys( Key_Texts::export() ), $used );
	}

	/**
	 * In English the several-keys sentence has one form, and the count picks it for every count.
	 */
	public function test_one_form_in_english() {
		$several = Key_Texts::export()[ Key_Texts::SEVERAL_KEYS ];
		$this->assertCount( 1, $several['forms'] );
		$this->assertSame( array_fill( 0, Key_Texts::COUNTS, 0 ), $several['form_of_count'] );
	}

	/**
	 * Under a translation, the page gets the translated templates, the count-dependent forms the
	 * language's rule picks, and the server says exactly those.
	 */
	public function test_a_translation_reaches_the_server_and_the_page_alike() {
		$translate = static function ( $translation, $text, $domain ) {
			return 'key-guard-for-openai' === $domain ? '[xx] ' . $translation : $translation;
		};
		// A rule shaped like Polish: 2–4 (not 12–14) one form, every other count another.
		$plural = static function ( $translation, $single, $plural, $count, $domain ) {
			if ( 'key-guard-for-openai' !== $domain ) {
				return $translation;
			}
			$few = $count % 10 >= 2 && $count % 10 <= 4 && ( $count % 100 < 12 || $count % 100 > 14 );
			return $few ? '[few] %d keys.' : '[many] %d keys.';
		};
		add_filter( 'gettext', $translate, 10, 3 );
		add_filter( 'ngettext', $plural, 10, 5 );
		try {
			$export = Key_Texts::export();
			$this->assertSame( '[xx] Enter an API key: the field is empty.', $export['key_guard_empty'] );
			$this->assertSame( sprintf( $export['key_guard_too_short'], 4, Key_Shape::MIN_LENGTH ), Key_Shape::refusal( 'sk-a' )->get_error_message() );
			$several = $export[ Key_Texts::SEVERAL_KEYS ];
			$this->assertCount( 2, $several['forms'] );
			foreach ( array( 2, 5, 12, 22, 25, 104, 112 ) as $count ) {
				$this->assertSame( Key_Texts::several_keys( $count ), sprintf( $several['forms'][ $several['form_of_count'][ $count ] ], $count ), "$count keys" );
			}
			$this->assertSame( '[few] 3 keys.', Key_Shape::refusal( Sim_Keys::key( 'ok' ) . ' ' . Sim_Keys::key( 'ok', 'b2' ) . ' ' . Sim_Keys::key( 'ok', 'c3' ) )->get_error_message() );
		} finally {
			remove_filter( 'gettext', $translate, 10 );
			remove_filter( 'ngettext', $plural, 10 );
		}
	}

	/**
	 * A text key without a template is a programming error, said loudly.
	 */
	public function test_an_unknown_text_key_throws() {
		$this->expectException( \InvalidArgumentException::class );
		Key_Texts::message( 'no_such_text' );
	}
}
