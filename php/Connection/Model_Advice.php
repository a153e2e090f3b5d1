<?php
/**
 * What to tell a site owner about a model that is missing or retiring.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use DateTimeZone;

/**
 * Words for model_not_found and for a retiring model: never the missing model as the way out, a
 * model the key can see when one is known, the shutdown date and the replacement when known.
 *
 * @since 0.5.0
 */
final class Model_Advice {

	/**
	 * The headline and advice of model_not_found.
	 *
	 * @since 0.5.0
	 *
	 * @param array{model?: string, suggestion?: string|null, shutdown?: int|null, tried?: string[]} $context model ('' when the test found none to use), suggestion (a model the key
	 *                                                                                                can see, or null), shutdown (when the model was shut down, or null),
	 *                                                                                                tried (models the test chose and tried itself).
	 * @return array{message: string, advice: string}
	 */
	public static function missing( array $context ) {
		$model      = (string) ( $context['model'] ?? '' );
		$suggestion = isset( $context['suggestion'] ) && $model !== $context['suggestion'] ? (string) $context['suggestion'] : '';
		$shutdown   = isset( $context['shutdown'] ) ? (int) $context['shutdown'] : 0;
		$tried      = isset( $context['tried'] ) ? array_values( (array) $context['tried'] ) : array();

		if ( '' === $model ) {
			return array(
				'message' => __( 'This key can see none of the models the test uses.', 'key-guard-for-openai' ),
				'advice'  => '' !== $suggestion
					/* translators: %s: a model name. */
					? sprintf( __( 'Enter a model this key can see, such as %s, in the Model field and test again.', 'key-guard-for-openai' ), $suggestion )
					: __( 'Enter a model this key can use in the Model field and test again.', 'key-guard-for-openai' ),
			);
		}
		if ( $shutdown > 0 && $shutdown <= time() ) {
			/* translators: %s: a date. */
			$lead = sprintf( __( 'OpenAI shut this model down on %s.', 'key-guard-for-openai' ), self::date( $shutdown ) );
		} elseif ( $tried ) {
			/* translators: %s: a list of model names. */
			$lead = sprintf( __( 'The test tried %s, and this key can use none of them.', 'key-guard-for-openai' ), wp_sprintf_l( '%l', $tried ) );
		} else {
			$lead = __( 'Check the model name for typos.', 'key-guard-for-openai' );
		}
		if ( '' !== $suggestion ) {
			/* translators: %s: a model name. */
			$next = sprintf( __( 'Test with %s, a model this key can see.', 'key-guard-for-openai' ), $suggestion );
		} elseif ( $tried ) {
			$next = __( 'Enter a model the key can use in the Model field, or allow "Models: Read" on the key so that the test can see which models it may use.', 'key-guard-for-openai' );
		} else {
			$next = __( 'Leave the model empty to let the test pick one this key can see.', 'key-guard-for-openai' );
		}
		return array(
			/* translators: %s: model name. */
			'message' => sprintf( __( 'The model "%s" does not exist or this key cannot see it.', 'key-guard-for-openai' ), $model ),
			'advice'  => $lead . ' ' . $next,
		);
	}

	/**
	 * The warning about a retiring model, with its date and the suggested replacement.
	 *
	 * @since 0.5.0
	 *
	 * @param array{model: string, shutdown: int, replacement: string|null, source: string} $retirement From Model_Choice::retirement().
	 * @return string
	 */
	public static function retirement( array $retirement ) {
		$model = $retirement['model'];
		$date  = self::date( $retirement['shutdown'] );
		if ( $retirement['shutdown'] <= time() ) {
			/* translators: 1: model name, 2: a date. */
			$lead = sprintf( __( '%1$s was due to be shut down on %2$s and may stop answering at any time.', 'key-guard-for-openai' ), $model, $date );
		} elseif ( 'openai' === $retirement['source'] ) {
			/* translators: 1: model name, 2: a date. */
			$lead = sprintf( __( 'OpenAI will shut down %1$s on %2$s.', 'key-guard-for-openai' ), $model, $date );
		} else {
			/* translators: 1: model name, 2: a date. */
			$lead = sprintf( __( '%1$s is reported to be shut down on %2$s.', 'key-guard-for-openai' ), $model, $date );
		}
		$next = null === $retirement['replacement']
			? __( 'Move whatever uses it to a current model.', 'key-guard-for-openai' )
			/* translators: %s: model name. */
			: sprintf( __( 'Suggested replacement: %s.', 'key-guard-for-openai' ), $retirement['replacement'] );
		return $lead . ' ' . $next;
	}

	/**
	 * A date in the site's date format (the day in UTC, as OpenAI announces it).
	 *
	 * @param int $time Unix time.
	 * @return string
	 */
	private static function date( $time ) {
		return (string) wp_date( (string) get_option( 'date_format', 'F j, Y' ), $time, new DateTimeZone( 'UTC' ) );
	}
}
