/**
 * Streamed answers (`stream: true`) as server-sent events, cut from the very bodies the simulator
 * would answer without streaming, so a stream reports the same usage as its plain answer.
 *
 * Responses API: `event: <type>` and `data: <json>` per event, each with its `type` and a
 * `sequence_number` from 0: response.created, response.in_progress, then per output item
 * response.output_item.added, (for a message) response.content_part.added, one
 * response.output_text.delta per word, response.output_text.done, response.content_part.done,
 * then response.output_item.done; last response.completed, or response.incomplete when
 * `max_output_tokens` cut it, carrying the whole Response with its usage. No `[DONE]`.
 *
 * Chat Completions: `data: <chunk>` only: a chunk with the role, one per word, one with the
 * finish_reason; with `stream_options.include_usage` every chunk carries `usage: null` and a last
 * chunk with `choices: []` carries the usage; then `data: [DONE]`.
 *
 * Delta events and chunks carry `obfuscation` (random padding) unless
 * `stream_options.include_obfuscation` is false, as the API does.
 */
import { isObject, randomAlphanumeric } from './bodies';
import type { chatCompletion, responseObject } from './bodies';

type ResponseBody = ReturnType< typeof responseObject >;
type ChatBody = ReturnType< typeof chatCompletion >;

/** Frames of an answer, in order; each is written as it is (blank line included). */
export type Frames = string[];

interface StreamOptions {
	includeUsage: boolean;
	includeObfuscation: boolean;
}

/**
 * Reads `stream_options` as the API does: usage only when asked, obfuscation unless refused.
 *
 * @param body The parsed request body.
 */
export function streamOptions(
	body: Record< string, unknown >
): StreamOptions {
	const options = isObject( body.stream_options ) ? body.stream_options : {};
	return {
		includeUsage: options.include_usage === true,
		includeObfuscation: options.include_obfuscation !== false,
	};
}

/**
 * The words of a text as stream deltas: joined, they give the text back.
 *
 * @param text The text.
 */
function deltas( text: string ): string[] {
	return text === ''
		? []
		: text.split( ' ' ).map( ( word, i ) => ( i ? ` ${ word }` : word ) );
}

/**
 * Random padding that evens out the size of a delta, as the API's `obfuscation` field does.
 *
 * @param delta The delta it pads.
 */
function obfuscation( delta: string ): string {
	return randomAlphanumeric( Math.max( 1, 16 - delta.length ) );
}

/**
 * A Responses stream's frames, ending in response.completed or response.incomplete.
 *
 * @param response The Response the plain request would answer.
 * @param options  The request's stream options.
 */
export function responseFrames(
	response: ResponseBody,
	options: StreamOptions
): Frames {
	const events: Array< Record< string, unknown > > = [];
	const emit = ( type: string, fields: Record< string, unknown > ) =>
		events.push( { type, sequence_number: events.length, ...fields } );
	const started = {
		...response,
		status: 'in_progress',
		incomplete_details: null,
		output: [],
		usage: null,
	};
	emit( 'response.created', { response: started } );
	emit( 'response.in_progress', { response: started } );
	response.output.forEach( ( item, index ) => {
		const at = { output_index: index };
		if ( item.type !== 'message' ) {
			emit( 'response.output_item.added', { ...at, item } );
			emit( 'response.output_item.done', { ...at, item } );
			return;
		}
		const part = item.content[ 0 ];
		const where = { item_id: item.id, ...at, content_index: 0 };
		emit( 'response.output_item.added', {
			...at,
			item: { ...item, status: 'in_progress', content: [] },
		} );
		emit( 'response.content_part.added', {
			...where,
			part: { ...part, text: '' },
		} );
		for ( const delta of deltas( part.text ) ) {
			emit( 'response.output_text.delta', {
				...where,
				delta,
				logprobs: [],
				...( options.includeObfuscation
					? { obfuscation: obfuscation( delta ) }
					: {} ),
			} );
		}
		emit( 'response.output_text.done', {
			...where,
			text: part.text,
			logprobs: [],
		} );
		emit( 'response.content_part.done', { ...where, part } );
		emit( 'response.output_item.done', { ...at, item } );
	} );
	emit(
		response.status === 'completed'
			? 'response.completed'
			: 'response.incomplete',
		{ response }
	);
	return events.map(
		( event ) =>
			`event: ${ event.type }\ndata: ${ JSON.stringify( event ) }\n\n`
	);
}

/**
 * A chat completion stream's frames, ending in `data: [DONE]`.
 *
 * @param completion The chat completion the plain request would answer.
 * @param options    The request's stream options.
 */
export function chatFrames(
	completion: ChatBody,
	options: StreamOptions
): Frames {
	const [ { message, finish_reason: finishReason } ] = completion.choices;
	const head = {
		id: completion.id,
		object: 'chat.completion.chunk',
		created: completion.created,
		model: completion.model,
		service_tier: completion.service_tier,
		system_fingerprint: completion.system_fingerprint,
	};
	const pad = ( text: string ) =>
		options.includeObfuscation ? { obfuscation: obfuscation( text ) } : {};
	const chunk = (
		delta: { role?: string; content?: string; refusal?: null },
		finish: string | null
	) => ( {
		...head,
		choices: [ { index: 0, delta, logprobs: null, finish_reason: finish } ],
		...( options.includeUsage ? { usage: null } : {} ),
		...pad( delta.content ?? '' ),
	} );
	const chunks: unknown[] = [
		chunk( { role: 'assistant', content: '', refusal: null }, null ),
		...deltas( message.content ).map( ( content ) =>
			chunk( { content }, null )
		),
		chunk( {}, finishReason ),
	];
	if ( options.includeUsage ) {
		chunks.push( {
			...head,
			choices: [],
			usage: completion.usage,
			...pad( '' ),
		} );
	}
	return [
		...chunks.map( ( data ) => `data: ${ JSON.stringify( data ) }\n\n` ),
		'data: [DONE]\n\n',
	];
}
