<?php
/**
 * Keys that make the OpenAI simulator play a scenario (mirror of tests/support/openai-simulator/keys.ts).
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

/**
 * Builds simulator keys: sk-proj- + 74 + T3BlbkFJ + 74, the left half naming the scenario.
 */
final class Sim_Keys {

	/**
	 * The key for a scenario.
	 *
	 * @param string $scenario Scenario name.
	 * @param string $seed     Letters and digits; another seed gives another key.
	 * @return string
	 */
	public static function key( $scenario, $seed = 'a1' ) {
		$left = substr( 'sim-' . $scenario . '-' . $seed . str_repeat( 'A', 74 ), 0, 74 );
		return 'sk-proj-' . $left . 'T3BlbkFJ' . substr( str_repeat( hash( 'sha256', $seed ), 2 ), 0, 74 );
	}

	/**
	 * A random well-shaped project key no simulator scenario claims (so it connects).
	 *
	 * @return string
	 */
	public static function random() {
		$half = static function () {
			return substr( bin2hex( random_bytes( 40 ) ), 0, 74 );
		};
		return 'sk-proj-' . $half() . 'T3BlbkFJ' . $half();
	}
}
