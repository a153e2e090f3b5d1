/**
 * The success bodies the simulator answers: model objects, Response objects and chat completions,
 * with the usage the real API reports for them (streams.ts cuts the last two into events).
 */
import { randomBytes } from 'node:crypto';
import { isReasoningModel, MODELS, type Effort } from './scenarios';

/** A reasoning item of a Response's output (its summary is never asked for here). */
export interface ReasoningItem {
	id: string;
	type: 'reasoning';
	summary: never[];
}

/** A message of a Response's output: the reply, whole or cut short. */
export interface MessageItem {
	id: string;
	type: 'message';
	status: 'completed' | 'incomplete';
	content: [
		{
			type: 'output_text';
			annotations: never[];
			logprobs: never[];
			text: string;
		},
	];
	role: 'assistant';
}

/** The canned reply; one word counts as one output token. */
const REPLY_WORDS =
	"Pong! It looks like you're checking that the connection works. Everything is fine on this end, so how can I help you today?".split(
		' '
	);
/** Output tokens a reasoning model spends thinking before it writes, by `reasoning.effort`. */
const REASONING_TOKENS: Readonly< Record< Effort, number > > = {
	none: 0,
	minimal: 8,
	low: 24,
	medium: 64,
	high: 192,
};
/** The effort a reasoning model uses when the request names none. */
const DEFAULT_EFFORT: Effort = 'medium';

export function randomHex( bytes: number ): string {
	return randomBytes( bytes ).toString( 'hex' );
}

export function randomAlphanumeric( length: number ): string {
	return randomBytes( length * 2 )
		.toString( 'base64' )
		.replace( /[^A-Za-z0-9]/g, '' )
		.slice( 0, length );
}

/**
 * The text of a generation request's prompt: the Responses API's `input`, or chat `messages`, as
 * JSON unless it is a plain string. Its input tokens are counted from it, and prompt caching
 * compares it with earlier prompts.
 *
 * @param endpoint The endpoint asked.
 * @param body     The parsed request body.
 */
export function promptText(
	endpoint: 'responses' | 'chat',
	body: Record< string, unknown >
): string {
	const input = endpoint === 'responses' ? body.input : body.messages;
	return typeof input === 'string' ? input : JSON.stringify( input ?? '' );
}

/**
 * Tokens of a text: one per four characters, at least one.
 *
 * @param text The text.
 */
export function estimateTokens( text: string ): number {
	return Math.max( 1, Math.ceil( text.length / 4 ) );
}

export function isObject( value: unknown ): value is Record< string, unknown > {
	return (
		typeof value === 'object' && value !== null && ! Array.isArray( value )
	);
}

export function modelObject( id: string ) {
	const shutdownDate = MODELS[ id ].shutdownDate;
	return {
		id,
		object: 'model',
		created: MODELS[ id ].created,
		owned_by: 'system',
		...( shutdownDate === undefined
			? {}
			: { shutdown_date: shutdownDate } ),
	};
}

/**
 * The reasoning effort a request asked for, if it named one.
 *
 * @param body The parsed request body.
 */
export function requestedEffort( body: Record< string, unknown > ): unknown {
	return isObject( body.reasoning ) ? body.reasoning.effort : undefined;
}

/**
 * Splits a token budget between reasoning and text, as a model that runs out of tokens does.
 *
 * @param model  Model ID.
 * @param limit  The output token cap, if any.
 * @param effort The reasoning effort (validated), for reasoning models.
 */
function spendOutput(
	model: string,
	limit: number | null,
	effort: Effort = DEFAULT_EFFORT
) {
	const reasoning = isReasoningModel( model )
		? REASONING_TOKENS[ effort ]
		: 0;
	const wanted = reasoning + REPLY_WORDS.length;
	const budget = limit === null ? wanted : Math.min( limit, wanted );
	const reasoningTokens = Math.min( reasoning, budget );
	const words = REPLY_WORDS.slice( 0, budget - reasoningTokens );
	return {
		outputTokens: budget,
		reasoningTokens,
		text: words.join( ' ' ),
		wroteText: words.length > 0,
		complete: budget === wanted,
	};
}

/**
 * A Response object, complete or cut short by `max_output_tokens`.
 *
 * @param body         The parsed request body.
 * @param model        The model (validated).
 * @param cachedTokens The input tokens served from the prompt cache.
 */
export function responseObject(
	body: Record< string, unknown >,
	model: string,
	cachedTokens = 0
) {
	const limit =
		typeof body.max_output_tokens === 'number'
			? body.max_output_tokens
			: null;
	const effort =
		( requestedEffort( body ) as Effort | undefined ) ?? DEFAULT_EFFORT;
	const spent = spendOutput( model, limit, effort );
	const inputTokens = estimateTokens( promptText( 'responses', body ) ) + 7;
	const output: Array< ReasoningItem | MessageItem > = [];
	if ( spent.reasoningTokens > 0 ) {
		output.push( {
			id: `rs_${ randomHex( 25 ) }`,
			type: 'reasoning',
			summary: [],
		} );
	}
	if ( spent.wroteText ) {
		output.push( {
			id: `msg_${ randomHex( 25 ) }`,
			type: 'message',
			status: spent.complete ? 'completed' : 'incomplete',
			content: [
				{
					type: 'output_text',
					annotations: [],
					logprobs: [],
					text: spent.text,
				},
			],
			role: 'assistant',
		} );
	}
	return {
		id: `resp_${ randomHex( 25 ) }`,
		object: 'response',
		created_at: Math.floor( Date.now() / 1000 ),
		status: spent.complete ? 'completed' : 'incomplete',
		background: false,
		error: null,
		incomplete_details: spent.complete
			? null
			: { reason: 'max_output_tokens' },
		instructions: body.instructions ?? null,
		max_output_tokens: limit,
		max_tool_calls: null,
		model,
		output,
		parallel_tool_calls: true,
		previous_response_id: null,
		prompt_cache_key: body.prompt_cache_key ?? null,
		reasoning: isReasoningModel( model )
			? { effort, summary: null }
			: { effort: null, summary: null },
		service_tier: 'default',
		store: body.store ?? true,
		temperature: 1.0,
		text: { format: { type: 'text' }, verbosity: 'medium' },
		tool_choice: 'auto',
		tools: [],
		top_logprobs: 0,
		top_p: 1.0,
		truncation: 'disabled',
		usage: {
			input_tokens: inputTokens,
			input_tokens_details: { cached_tokens: cachedTokens },
			output_tokens: spent.outputTokens,
			output_tokens_details: { reasoning_tokens: spent.reasoningTokens },
			total_tokens: inputTokens + spent.outputTokens,
		},
		user: null,
		metadata: body.metadata ?? {},
	};
}

/**
 * A chat completion, finished or cut short by `max_completion_tokens` (or `max_tokens`).
 *
 * @param body         The parsed request body.
 * @param model        The model (validated).
 * @param cachedTokens The prompt tokens served from the prompt cache.
 */
export function chatCompletion(
	body: Record< string, unknown >,
	model: string,
	cachedTokens = 0
) {
	const requested = body.max_completion_tokens ?? body.max_tokens;
	const spent = spendOutput(
		model,
		typeof requested === 'number' ? requested : null
	);
	const promptTokens = estimateTokens( promptText( 'chat', body ) ) + 3;
	return {
		id: `chatcmpl-${ randomAlphanumeric( 29 ) }`,
		object: 'chat.completion',
		created: Math.floor( Date.now() / 1000 ),
		model,
		choices: [
			{
				index: 0,
				message: {
					role: 'assistant',
					content: spent.text,
					refusal: null,
					annotations: [],
				},
				logprobs: null,
				finish_reason: spent.complete ? 'stop' : 'length',
			},
		],
		usage: {
			prompt_tokens: promptTokens,
			completion_tokens: spent.outputTokens,
			total_tokens: promptTokens + spent.outputTokens,
			prompt_tokens_details: {
				cached_tokens: cachedTokens,
				audio_tokens: 0,
			},
			completion_tokens_details: {
				reasoning_tokens: spent.reasoningTokens,
				audio_tokens: 0,
				accepted_prediction_tokens: 0,
				rejected_prediction_tokens: 0,
			},
		},
		service_tier: 'default',
		system_fingerprint: `fp_${ randomHex( 5 ) }`,
	};
}
