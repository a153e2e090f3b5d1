/**
 * The answers a usage meter reads, checked through the official OpenAI SDK: streamed Responses and
 * chat completions, embeddings and cached tokens. A stream reports the usage its plain answer
 * would; a key the API refuses is refused before any stream starts.
 *
 * Expected values are written out here (or computed from the rules the README states), not read
 * from the simulator's modules.
 */
import OpenAI, {
	APIConnectionError,
	AuthenticationError,
	BadRequestError,
	InternalServerError,
	NotFoundError,
	PermissionDeniedError,
	RateLimitError,
} from 'openai';
import type {
	ResponseStreamEvent,
	ResponseUsage,
} from 'openai/resources/responses/responses';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import {
	afterAll,
	beforeAll,
	beforeEach,
	describe,
	expect,
	test,
} from 'vitest';
import { simKey } from './keys';
import {
	expectFailure,
	fail,
	INVALID_REQUEST,
	REQUEST_ID,
	type Failure,
} from './sdk-expect';
import { startSimulator, type Simulator } from './server';

const MODEL = 'gpt-4o-mini';
const SMALL = 'text-embedding-3-small';
const LARGE = 'text-embedding-3-large';
const REPLY =
	"Pong! It looks like you're checking that the connection works. Everything is fine on this end, so how can I help you today?";

let sim: Simulator;

beforeAll( async () => {
	sim = await startSimulator( { slowMs: 2000 } );
} );

afterAll( async () => {
	await sim.close();
} );

beforeEach( () => {
	sim.reset();
} );

function client( key = simKey( 'ok' ) ): OpenAI {
	return new OpenAI( {
		apiKey: key,
		baseURL: sim.url,
		maxRetries: 0,
		timeout: 5000,
	} );
}

function post( path: string, body: unknown, key = simKey( 'ok' ) ) {
	return fetch( sim.url + path, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${ key }`,
			'Content-Type': 'application/json',
		},
		body: JSON.stringify( body ),
	} );
}

async function collect< T >( stream: AsyncIterable< T > ): Promise< T[] > {
	const items: T[] = [];
	for await ( const item of stream ) {
		items.push( item );
	}
	return items;
}

/**
 * Four characters a token, at least one (the README's rule).
 * @param text
 */
function tokens( text: string ): number {
	return Math.max( 1, Math.ceil( text.length / 4 ) );
}

function norm( values: ArrayLike< number > ): number {
	return Math.hypot( ...Array.from( values ) );
}

describe( 'Responses streams', () => {
	const request = {
		model: MODEL,
		input: 'Say something friendly.',
		max_output_tokens: 200,
	};

	test( 'responses.create({stream: true}): every event in order, ending in response.completed with the plain answer’s usage', async () => {
		const openai = client();
		const plain = await openai.responses.create( request );
		const events = await collect(
			await openai.responses.create( { ...request, stream: true } )
		);
		const types = events.map( ( event ) => event.type );
		expect( types ).toEqual( [
			'response.created',
			'response.in_progress',
			'response.output_item.added',
			'response.content_part.added',
			...REPLY.split( ' ' ).map( () => 'response.output_text.delta' ),
			'response.output_text.done',
			'response.content_part.done',
			'response.output_item.done',
			'response.completed',
		] );
		expect( events.map( ( event ) => event.sequence_number ) ).toEqual(
			events.map( ( _, index ) => index )
		);

		const created = events[ 0 ] as Extract<
			ResponseStreamEvent,
			{ type: 'response.created' }
		>;
		expect( created.response ).toMatchObject( {
			object: 'response',
			status: 'in_progress',
			output: [],
			usage: null,
		} );
		const deltas = events.filter(
			( event ) => event.type === 'response.output_text.delta'
		);
		expect( deltas.map( ( event ) => event.delta ).join( '' ) ).toBe(
			REPLY
		);
		for ( const delta of deltas ) {
			expect( delta ).toMatchObject( {
				output_index: 0,
				content_index: 0,
				logprobs: [],
				obfuscation: expect.any( String ),
			} );
		}

		const completed = events.at( -1 ) as Extract<
			ResponseStreamEvent,
			{ type: 'response.completed' }
		>;
		expect( completed.response.status ).toBe( 'completed' );
		expect( completed.response.id ).toBe( created.response.id );
		expect( completed.response.usage ).toEqual( plain.usage );
		expect( completed.response.usage ).toEqual( {
			input_tokens: tokens( request.input ) + 7,
			input_tokens_details: { cached_tokens: 0 },
			output_tokens: 23,
			output_tokens_details: { reasoning_tokens: 0 },
			total_tokens: tokens( request.input ) + 7 + 23,
		} );
		const item = completed.response.output[ 0 ];
		expect( item.type === 'message' && item.content[ 0 ] ).toMatchObject( {
			type: 'output_text',
			text: REPLY,
		} );
	} );

	test( 'responses.stream(): the SDK assembles the events into the final response', async () => {
		const stream = client().responses.stream( request );
		const final = await stream.finalResponse();
		expect( final.status ).toBe( 'completed' );
		const [ message ] = final.output;
		expect(
			message.type === 'message' && message.content[ 0 ]
		).toMatchObject( { type: 'output_text', text: REPLY } );
		expect( final.usage?.output_tokens ).toBe( 23 );
	} );

	test.each( [
		// gpt-5.4-nano at minimal effort: 8 reasoning tokens, then 8 words before the cap of 16.
		[
			'gpt-5.4-nano',
			'minimal',
			[
				'response.created',
				'response.in_progress',
				'response.output_item.added',
				'response.output_item.done',
				'response.output_item.added',
				'response.content_part.added',
				...Array( 8 ).fill( 'response.output_text.delta' ),
				'response.output_text.done',
				'response.content_part.done',
				'response.output_item.done',
				'response.incomplete',
			],
			8,
		],
		// o3 at low effort: the 16 tokens go to reasoning, no text is written.
		[
			'o3',
			'low',
			[
				'response.created',
				'response.in_progress',
				'response.output_item.added',
				'response.output_item.done',
				'response.incomplete',
			],
			16,
		],
	] as const )(
		'%s at %s effort cut at 16 tokens: response.incomplete carries the usage',
		async ( model, effort, types, reasoning ) => {
			const events = await collect(
				await client().responses.create( {
					model,
					input: 'ping',
					max_output_tokens: 16,
					reasoning: { effort },
					stream: true,
				} )
			);
			expect( events.map( ( event ) => event.type ) ).toEqual( types );
			const last = events.at( -1 ) as Extract<
				ResponseStreamEvent,
				{ type: 'response.incomplete' }
			>;
			expect( last.response ).toMatchObject( {
				status: 'incomplete',
				incomplete_details: { reason: 'max_output_tokens' },
			} );
			expect( last.response.usage ).toMatchObject( {
				output_tokens: 16,
				output_tokens_details: { reasoning_tokens: reasoning },
			} );
			expect( last.response.output[ 0 ].type ).toBe( 'reasoning' );
		}
	);

	test( 'on the wire: text/event-stream, `event:` then `data:` per event, no [DONE]', async () => {
		const response = await post( '/responses', {
			...request,
			stream: true,
		} );
		expect( response.status ).toBe( 200 );
		expect( response.headers.get( 'content-type' ) ).toBe(
			'text/event-stream; charset=utf-8'
		);
		expect( response.headers.get( 'x-request-id' ) ).toMatch( REQUEST_ID );
		expect(
			response.headers.get( 'x-ratelimit-remaining-tokens' )
		).toMatch( /^\d+$/ );
		const text = await response.text();
		expect( text ).not.toContain( '[DONE]' );
		const frames = text.split( '\n\n' ).filter( Boolean );
		for ( const frame of frames ) {
			const [ event, data, ...rest ] = frame.split( '\n' );
			expect( rest ).toEqual( [] );
			expect( event ).toMatch( /^event: response\.[a-z_.]+$/ );
			expect( JSON.parse( data.replace( /^data: /, '' ) ).type ).toBe(
				event.slice( 'event: '.length )
			);
		}
	} );

	test( 'include_obfuscation: false leaves the deltas unpadded', async () => {
		const events = await collect(
			await client().responses.create( {
				...request,
				stream: true,
				stream_options: { include_obfuscation: false },
			} )
		);
		const delta = events.find(
			( event ) => event.type === 'response.output_text.delta'
		);
		expect( delta ).not.toHaveProperty( 'obfuscation' );
	} );
} );

describe( 'Chat Completions streams', () => {
	const request = {
		model: MODEL,
		messages: [ { role: 'user' as const, content: 'Say something.' } ],
		max_completion_tokens: 10,
	};

	test( 'stream_options.include_usage: usage null on every chunk, then a last chunk with choices [] and the usage', async () => {
		const openai = client();
		const plain = await openai.chat.completions.create( request );
		const chunks: ChatCompletionChunk[] = await collect(
			await openai.chat.completions.create( {
				...request,
				stream: true,
				stream_options: { include_usage: true },
			} )
		);
		const last = chunks.at( -1 )!;
		expect( last.choices ).toEqual( [] );
		expect( last.usage ).toEqual( plain.usage );
		expect( last.usage ).toMatchObject( {
			prompt_tokens: tokens( JSON.stringify( request.messages ) ) + 3,
			completion_tokens: 10,
			prompt_tokens_details: { cached_tokens: 0 },
		} );
		const rest = chunks.slice( 0, -1 );
		for ( const chunk of rest ) {
			expect( chunk ).toMatchObject( {
				object: 'chat.completion.chunk',
				id: last.id,
				model: MODEL,
				usage: null,
			} );
			expect( chunk.choices ).toHaveLength( 1 );
		}
		expect( rest[ 0 ].choices[ 0 ].delta ).toEqual( {
			role: 'assistant',
			content: '',
			refusal: null,
		} );
		expect(
			rest.map( ( chunk ) => chunk.choices[ 0 ].delta.content ).join( '' )
		).toBe( plain.choices[ 0 ].message.content );
		expect(
			rest.map( ( chunk ) => chunk.choices[ 0 ].finish_reason )
		).toEqual( [ ...Array( rest.length - 1 ).fill( null ), 'length' ] );
	} );

	test( 'without include_usage no chunk has usage, and none lacks its choice', async () => {
		const chunks = await collect(
			await client().chat.completions.create( {
				...request,
				stream: true,
			} )
		);
		expect( chunks.length ).toBe( 12 ); // role, 10 words, finish
		for ( const chunk of chunks ) {
			expect( chunk ).not.toHaveProperty( 'usage' );
			expect( chunk.choices ).toHaveLength( 1 );
		}
	} );

	test( 'chat.completions.stream(): the SDK assembles the chunks, usage included', async () => {
		const stream = client().chat.completions.stream( {
			...request,
			max_completion_tokens: 100,
			stream_options: { include_usage: true },
		} );
		const final = await stream.finalChatCompletion();
		expect( final.choices[ 0 ].message.content ).toBe( REPLY );
		expect( final.choices[ 0 ].finish_reason ).toBe( 'stop' );
		expect( final.usage?.completion_tokens ).toBe( 23 );
	} );

	test( 'on the wire: `data:` lines only, ending in data: [DONE]', async () => {
		const response = await post( '/chat/completions', {
			...request,
			stream: true,
			stream_options: { include_usage: true },
		} );
		expect( response.headers.get( 'content-type' ) ).toBe(
			'text/event-stream; charset=utf-8'
		);
		const text = await response.text();
		expect( text.endsWith( '\n\ndata: [DONE]\n\n' ) ).toBe( true );
		expect(
			text
				.split( '\n' )
				.filter( Boolean )
				.every( ( line ) => line.startsWith( 'data: ' ) )
		).toBe( true );
	} );

	test( 'stream_options without stream is refused', async () => {
		await expectFailure(
			client().chat.completions.create( {
				...request,
				stream_options: { include_usage: true },
			} ),
			{
				...fail(
					BadRequestError,
					400,
					INVALID_REQUEST,
					null,
					/^400 The 'stream_options' parameter is only allowed when 'stream' is enabled\.$/
				),
				param: 'stream_options',
			}
		);
	} );
} );

/**
 * Scenario, then how a streamed `responses.create` ends, and how a streamed chat completion and
 * an embedding end (both need `model.request` and say 404 for a model they cannot find).
 */
const REFUSED: Array< [ string, Failure, Failure ] > = [
	[
		'invalid_key',
		fail( AuthenticationError, 401, INVALID_REQUEST, 'invalid_api_key' ),
		fail( AuthenticationError, 401, INVALID_REQUEST, 'invalid_api_key' ),
	],
	[
		'missing_scope_responses',
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			null,
			/Missing scopes: api\.responses\.write/
		),
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			null,
			/Missing scopes: model\.request/
		),
	],
	[
		'insufficient_quota',
		fail( RateLimitError, 429, 'insufficient_quota', 'insufficient_quota' ),
		fail( RateLimitError, 429, 'insufficient_quota', 'insufficient_quota' ),
	],
	[
		'rate_limited',
		fail( RateLimitError, 429, 'requests', 'rate_limit_exceeded' ),
		fail(
			RateLimitError,
			429,
			'requests',
			'rate_limit_exceeded',
			/^429 Rate limit reached for (gpt-4o-mini|text-embedding-3-small) /
		),
	],
	[
		'model_not_found',
		fail( BadRequestError, 400, INVALID_REQUEST, 'model_not_found' ),
		fail(
			NotFoundError,
			404,
			INVALID_REQUEST,
			'model_not_found',
			/^404 The model `(gpt-4o-mini|text-embedding-3-small)` does not exist/
		),
	],
	[
		'model_not_allowed',
		fail( PermissionDeniedError, 403, INVALID_REQUEST, 'model_not_found' ),
		fail(
			PermissionDeniedError,
			403,
			INVALID_REQUEST,
			'model_not_found',
			/does not have access to model `(gpt-4o-mini|text-embedding-3-small)`/
		),
	],
	[
		'server_error',
		fail( InternalServerError, 500, 'server_error', null ),
		fail( InternalServerError, 500, 'server_error', null ),
	],
	[
		'bad_gateway_html',
		{ error: InternalServerError, status: 502 },
		{ error: InternalServerError, status: 502 },
	],
	[
		'connection_failed',
		{ error: APIConnectionError },
		{ error: APIConnectionError },
	],
];

describe( 'a refused key is refused before any stream starts, and before any embedding', () => {
	test.each( REFUSED )( '%s', async ( scenario, responses, others ) => {
		const openai = client( simKey( scenario ) );
		await expectFailure(
			openai.responses.create( {
				model: MODEL,
				input: 'ping',
				stream: true,
			} ),
			responses
		);
		await expectFailure(
			openai.chat.completions.create( {
				model: MODEL,
				messages: [ { role: 'user', content: 'ping' } ],
				stream: true,
				stream_options: { include_usage: true },
			} ),
			others
		);
		await expectFailure(
			openai.embeddings.create( { model: SMALL, input: 'x' } ),
			others
		);
	} );

	test( 'the refusal is a JSON answer, not an event stream', async () => {
		const response = await post(
			'/responses',
			{ model: MODEL, input: 'ping', stream: true },
			simKey( 'invalid_key' )
		);
		expect( response.status ).toBe( 401 );
		expect( response.headers.get( 'content-type' ) ).toBe(
			'application/json'
		);
		expect( ( await response.json() ).error.code ).toBe(
			'invalid_api_key'
		);
	} );
} );

describe( 'embeddings', () => {
	test( 'embeddings.create (the SDK asks base64 and decodes it): one unit vector, usage in prompt tokens', async () => {
		const input = 'The quick brown fox';
		const answer = await client().embeddings.create( {
			model: SMALL,
			input,
		} );
		expect( answer ).toMatchObject( {
			object: 'list',
			model: SMALL,
			usage: {
				prompt_tokens: tokens( input ),
				total_tokens: tokens( input ),
			},
		} );
		expect( answer.data ).toHaveLength( 1 );
		expect( answer.data[ 0 ] ).toMatchObject( {
			object: 'embedding',
			index: 0,
		} );
		expect( answer.data[ 0 ].embedding ).toHaveLength( 1536 );
		expect( norm( answer.data[ 0 ].embedding ) ).toBeCloseTo( 1, 5 );
		expect( sim.requests[ 0 ].body ).toMatchObject( {
			encoding_format: 'base64',
		} );
	} );

	test( 'float and base64 carry the same float32 numbers; the same input gives the same vector', async () => {
		const openai = client();
		const asFloat = await openai.embeddings.create( {
			model: SMALL,
			input: 'hello',
			encoding_format: 'float',
		} );
		const asBase64 = await openai.embeddings.create( {
			model: SMALL,
			input: 'hello',
			encoding_format: 'base64',
		} );
		const packed = asBase64.data[ 0 ].embedding as unknown as string;
		expect( typeof packed ).toBe( 'string' );
		const bytes = Buffer.from( packed, 'base64' );
		const decoded = Array.from(
			new Float32Array( bytes.buffer, bytes.byteOffset, bytes.length / 4 )
		);
		expect( decoded ).toEqual( asFloat.data[ 0 ].embedding );
		const again = await openai.embeddings.create( {
			model: SMALL,
			input: 'hello',
		} );
		expect( again.data[ 0 ].embedding ).toEqual(
			asFloat.data[ 0 ].embedding
		);
	} );

	test( 'an array of strings: a vector each, in order; usage sums them; token arrays count their ids', async () => {
		const openai = client();
		const inputs = [ 'one', 'a longer second input', 'three' ];
		const answer = await openai.embeddings.create( {
			model: SMALL,
			input: inputs,
		} );
		expect( answer.data.map( ( item ) => item.index ) ).toEqual( [
			0, 1, 2,
		] );
		const sum = inputs.reduce(
			( total, text ) => total + tokens( text ),
			0
		);
		expect( answer.usage ).toEqual( {
			prompt_tokens: sum,
			total_tokens: sum,
		} );
		const ids = await openai.embeddings.create( {
			model: SMALL,
			input: [
				[ 1, 2, 3 ],
				[ 4, 5 ],
			],
		} );
		expect( ids.data ).toHaveLength( 2 );
		expect( ids.usage.prompt_tokens ).toBe( 5 );
	} );

	test( 'dimensions shortens a vector to the start of the full one, normalised again', async () => {
		const openai = client();
		const full = await openai.embeddings.create( {
			model: LARGE,
			input: 'hello',
			encoding_format: 'float',
		} );
		const short = await openai.embeddings.create( {
			model: LARGE,
			input: 'hello',
			encoding_format: 'float',
			dimensions: 256,
		} );
		expect( full.data[ 0 ].embedding ).toHaveLength( 3072 );
		expect( short.data[ 0 ].embedding ).toHaveLength( 256 );
		expect( norm( short.data[ 0 ].embedding ) ).toBeCloseTo( 1, 5 );
		const head = full.data[ 0 ].embedding.slice( 0, 256 );
		const scale = norm( head );
		head.forEach( ( value, i ) =>
			expect( value / scale ).toBeCloseTo(
				short.data[ 0 ].embedding[ i ],
				5
			)
		);
	} );

	test.each( [
		[
			'an unknown model',
			{ model: 'text-embedding-9', input: 'x' },
			{
				...fail(
					NotFoundError,
					404,
					INVALID_REQUEST,
					'model_not_found',
					/^404 The model `text-embedding-9` does not exist or you do not have access to it\.$/
				),
				param: null,
			},
		],
		[
			'a text model',
			{ model: MODEL, input: 'x' },
			fail(
				PermissionDeniedError,
				403,
				INVALID_REQUEST,
				null,
				/^403 You are not allowed to generate embeddings from this model$/
			),
		],
		[
			'an empty string',
			{ model: SMALL, input: '' },
			fail(
				BadRequestError,
				400,
				INVALID_REQUEST,
				null,
				/^400 '\$\.input' is invalid\./
			),
		],
		[
			'an empty string in a list',
			{ model: SMALL, input: [ 'a', '' ] },
			fail( BadRequestError, 400, INVALID_REQUEST, null, /'\$\.input'/ ),
		],
		[
			'no input',
			{ model: SMALL },
			{
				...fail(
					BadRequestError,
					400,
					INVALID_REQUEST,
					'missing_required_parameter'
				),
				param: 'input',
			},
		],
		[
			'an unknown encoding_format',
			{ model: SMALL, input: 'x', encoding_format: 'md5' },
			fail(
				BadRequestError,
				400,
				INVALID_REQUEST,
				null,
				/^400 Invalid value for 'encoding_format' = md5\. Supported values: \['float', 'base64'\]\.$/
			),
		],
		[
			'dimensions 0',
			{ model: SMALL, input: 'x', dimensions: 0 },
			{
				...fail(
					BadRequestError,
					400,
					INVALID_REQUEST,
					'integer_below_min_value'
				),
				param: 'dimensions',
			},
		],
		[
			'dimensions longer than the model’s',
			{ model: SMALL, input: 'x', dimensions: 3072 },
			{
				...fail(
					BadRequestError,
					400,
					INVALID_REQUEST,
					'integer_above_max_value',
					/Expected a value <= 1536, but got 3072 instead\./
				),
				param: 'dimensions',
			},
		],
	] )( 'refuses %s', async ( _, body, expected ) => {
		await expectFailure(
			client().embeddings.create( body as OpenAI.EmbeddingCreateParams ),
			expected
		);
	} );

	test( 'an embedding model generates no text', async () => {
		const openai = client();
		await expectFailure(
			openai.chat.completions.create( {
				model: SMALL,
				messages: [ { role: 'user', content: 'ping' } ],
			} ),
			{
				...fail(
					NotFoundError,
					404,
					INVALID_REQUEST,
					null,
					/not a chat model/
				),
				param: 'model',
			}
		);
		await expectFailure(
			openai.responses.create( { model: SMALL, input: 'ping' } ),
			{
				...fail(
					BadRequestError,
					400,
					INVALID_REQUEST,
					'model_not_found'
				),
				param: 'model',
			}
		);
	} );

	test( 'legacy_models: an older project that cannot see the embedding models', async () => {
		await expectFailure(
			client( simKey( 'legacy_models' ) ).embeddings.create( {
				model: SMALL,
				input: 'x',
			} ),
			fail( NotFoundError, 404, INVALID_REQUEST, 'model_not_found' )
		);
	} );
} );

describe( 'cached tokens', () => {
	// 5000 characters: 1250 tokens, of which 1152 (1024 + 128) can be cached.
	const long = 'The same long instructions, again and again. '.repeat( 112 );
	const prompt = long.slice( 0, 5000 );

	function ask(
		openai: OpenAI,
		input: string,
		key: string | undefined,
		model = MODEL
	) {
		return openai.responses.create( {
			model,
			input,
			max_output_tokens: 16,
			...( key === undefined ? {} : { prompt_cache_key: key } ),
		} );
	}

	function cached( usage: ResponseUsage | undefined ): number | undefined {
		return usage?.input_tokens_details.cached_tokens;
	}

	test( 'a prompt seen before under the same prompt_cache_key: 1024 + 128·n of its tokens are cached', async () => {
		const openai = client();
		const first = await ask( openai, prompt, 'k1' );
		const second = await ask( openai, prompt, 'k1' );
		expect( cached( first.usage ) ).toBe( 0 );
		expect( second.usage?.input_tokens ).toBe( 1250 + 7 );
		expect( cached( second.usage ) ).toBe( 1152 );
		expect( second.usage?.total_tokens ).toBe(
			second.usage!.input_tokens + second.usage!.output_tokens
		);
	} );

	test.each( [
		[ 'a shared prefix of 4700 characters (1175 tokens)', 4700, 1152 ],
		[ 'of 4600 characters (1150 tokens, not yet 1024 + 128)', 4600, 1024 ],
		[ 'of 4200 characters (1050 tokens)', 4200, 1024 ],
		[ 'of 4000 characters (1000 tokens, under 1024)', 4000, 0 ],
	] )( '%s', async ( _, shared, expected ) => {
		const openai = client();
		await ask( openai, prompt, 'k2' );
		const other = prompt.slice( 0, shared ) + 'Z'.repeat( 5000 - shared );
		expect( cached( ( await ask( openai, other, 'k2' ) ).usage ) ).toBe(
			expected
		);
	} );

	test( 'nothing is cached without a key, under another key, for another model or project, or after a reset', async () => {
		const openai = client();
		await ask( openai, prompt, undefined );
		expect(
			cached( ( await ask( openai, prompt, undefined ) ).usage )
		).toBe( 0 );
		await ask( openai, prompt, 'k3' );
		expect( cached( ( await ask( openai, prompt, 'k4' ) ).usage ) ).toBe(
			0
		);
		expect(
			cached(
				( await ask( openai, prompt, 'k3', 'gpt-4.1-mini' ) ).usage
			)
		).toBe( 0 );
		expect(
			cached(
				( await ask( client( simKey( 'ok', 'other' ) ), prompt, 'k3' ) )
					.usage
			)
		).toBe( 0 );
		sim.reset();
		expect( cached( ( await ask( openai, prompt, 'k3' ) ).usage ) ).toBe(
			0
		);
	} );

	test( 'streams report cached tokens too: response.completed and the chat usage chunk', async () => {
		const openai = client();
		await ask( openai, prompt, 'k5' );
		const events = await collect(
			await openai.responses.create( {
				model: MODEL,
				input: prompt,
				prompt_cache_key: 'k5',
				stream: true,
			} )
		);
		const last = events.at( -1 ) as Extract<
			ResponseStreamEvent,
			{ type: 'response.completed' }
		>;
		expect( cached( last.response.usage ?? undefined ) ).toBe( 1152 );

		const messages = [ { role: 'user' as const, content: prompt } ];
		const chat = () =>
			openai.chat.completions.create( {
				model: MODEL,
				messages,
				prompt_cache_key: 'k6',
				stream: true,
				stream_options: { include_usage: true },
			} );
		await collect( await chat() );
		const usage = ( await collect( await chat() ) ).at( -1 )!.usage!;
		const promptTokens = tokens( JSON.stringify( messages ) ) + 3;
		expect( usage.prompt_tokens ).toBe( promptTokens );
		expect( usage.prompt_tokens_details?.cached_tokens ).toBe( 1152 );
	} );
} );
