/**
 * The simulator's contract, checked through the official OpenAI SDK: if the SDK classifies an
 * answer the way it classifies the real API's, code written against the simulator is tested
 * against the real failure modes.
 *
 * Expected values are written out here, not read from scenarios.ts, so a wrong table entry fails.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import OpenAI, {
	APIConnectionError,
	APIConnectionTimeoutError,
	AuthenticationError,
	BadRequestError,
	InternalServerError,
	NotFoundError,
	PermissionDeniedError,
	RateLimitError,
} from 'openai';
import {
	afterAll,
	beforeAll,
	beforeEach,
	describe,
	expect,
	test,
} from 'vitest';
import diagnoses from '../../../data/diagnoses.json';
import { scenarioFromToken, SCENARIOS, simKey } from './keys';
import {
	expectFailure,
	fail,
	INVALID_REQUEST,
	REQUEST_ID,
	rejection,
	type Failure,
} from './sdk-expect';
import { goDuration, startSimulator, type Simulator } from './server';

const GO_DURATION = /^(\d+h)?(\d+m)?(\d+(\.\d+)?(ms|s))$/;
const MODEL = 'gpt-4o-mini';
const SLOW_MS = 2000;
const CLIENT_TIMEOUT_MS = 500;

/** `ok`: the normal success; `html`: the SDK hands back an HTML page as text. */
type Outcome = 'ok' | 'html' | Failure;

/** Scenario, then how `models.retrieve` and `responses.create` end. */
const TABLE: Array< [ string, Outcome, Outcome ] > = [
	[ 'ok', 'ok', 'ok' ],
	[
		'invalid_key',
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			'invalid_api_key',
			/^401 Incorrect API key provided: sk-proj-\*+[A-Za-z0-9]{4}\. You can find your API key at https:\/\/platform\.openai\.com\/account\/api-keys\.$/
		),
		fail( AuthenticationError, 401, INVALID_REQUEST, 'invalid_api_key' ),
	],
	[
		'account_deactivated',
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			'account_deactivated',
			/deactivated account/
		),
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			'account_deactivated'
		),
	],
	[
		'no_organization',
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			'no_organization',
			/must be a member of an organization/
		),
		fail( AuthenticationError, 401, INVALID_REQUEST, 'no_organization' ),
	],
	[
		'mismatched_organization',
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			'mismatched_organization',
			/OpenAI-Organization header should match organization for API key/
		),
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			'mismatched_organization'
		),
	],
	[
		'invalid_organization',
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			'invalid_organization',
			/No such organization: org-/
		),
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			'invalid_organization'
		),
	],
	[
		'ip_not_allowed',
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			null,
			/IP not authorized/
		),
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			null,
			/IP not authorized/
		),
	],
	[
		'missing_scope_models',
		{
			error: AuthenticationError,
			status: 401,
			code: undefined,
			type: undefined,
			message: /Missing scopes: api\.model\.read/,
			stringError: true,
		},
		'ok',
	],
	[
		'missing_scope_responses',
		'ok',
		fail(
			AuthenticationError,
			401,
			INVALID_REQUEST,
			null,
			/Missing scopes: api\.responses\.write/
		),
	],
	[
		'missing_scope_403',
		'ok',
		fail(
			PermissionDeniedError,
			403,
			INVALID_REQUEST,
			'missing_scope',
			/Missing scopes: model\.request/
		),
	],
	[
		'insufficient_quota',
		'ok',
		fail(
			RateLimitError,
			429,
			'insufficient_quota',
			'insufficient_quota',
			/^429 You exceeded your current quota, please check your plan and billing details\. For more information on this error, read the docs: https:\/\/platform\.openai\.com\/docs\/guides\/error-codes\/api-errors\.$/
		),
	],
	[
		'billing_not_active',
		'ok',
		fail(
			RateLimitError,
			429,
			'billing_not_active',
			'billing_not_active',
			/not active, please check your billing details/
		),
	],
	[
		'rate_limited',
		fail(
			RateLimitError,
			429,
			'requests',
			'rate_limit_exceeded',
			/Rate limit reached for gpt-4o-mini .* Please try again in 20s\./
		),
		fail(
			RateLimitError,
			429,
			'requests',
			'rate_limit_exceeded',
			/Please try again in 20s\./
		),
	],
	[
		// The first request of the key (models) is limited; the second passes.
		'rate_limited_once',
		fail(
			RateLimitError,
			429,
			'requests',
			'rate_limit_exceeded',
			/Please try again in 1s\./
		),
		'ok',
	],
	[
		'slow_down',
		fail( RateLimitError, 429, 'rate_limit_error', 'slow_down' ),
		fail( RateLimitError, 429, 'rate_limit_error', 'slow_down' ),
	],
	[
		'model_not_found',
		fail(
			NotFoundError,
			404,
			INVALID_REQUEST,
			'model_not_found',
			/The model `gpt-4o-mini` does not exist or you do not have access to it\./
		),
		{
			...fail(
				BadRequestError,
				400,
				INVALID_REQUEST,
				'model_not_found',
				/The requested model 'gpt-4o-mini' does not exist\./
			),
			param: 'model',
		},
	],
	[
		'model_not_allowed',
		'ok',
		fail(
			PermissionDeniedError,
			403,
			INVALID_REQUEST,
			'model_not_found',
			/^403 Project `proj_[A-Za-z0-9]+` does not have access to model `gpt-4o-mini`$/
		),
	],
	[ 'legacy_models', 'ok', 'ok' ],
	[
		'region_blocked',
		fail(
			PermissionDeniedError,
			403,
			'request_forbidden',
			'unsupported_country_region_territory',
			/Country, region, or territory not supported/
		),
		fail(
			PermissionDeniedError,
			403,
			'request_forbidden',
			'unsupported_country_region_territory'
		),
	],
	[
		'invalid_url',
		fail(
			NotFoundError,
			404,
			INVALID_REQUEST,
			null,
			/^404 Invalid URL \(GET \/v1\/models\/gpt-4o-mini\)$/
		),
		fail(
			NotFoundError,
			404,
			INVALID_REQUEST,
			null,
			/^404 Invalid URL \(POST \/v1\/responses\)$/
		),
	],
	[
		'server_error',
		fail(
			InternalServerError,
			500,
			'server_error',
			null,
			/The server had an error/
		),
		fail( InternalServerError, 500, 'server_error', null ),
	],
	[
		'overloaded',
		fail(
			InternalServerError,
			503,
			'service_unavailable_error',
			'server_is_overloaded',
			/currently overloaded/
		),
		fail(
			InternalServerError,
			503,
			'service_unavailable_error',
			'server_is_overloaded'
		),
	],
	[
		'bad_gateway_html',
		{
			error: InternalServerError,
			status: 502,
			code: undefined,
			type: undefined,
			message: /502 Bad Gateway/,
		},
		{
			error: InternalServerError,
			status: 502,
			code: undefined,
			type: undefined,
			message: /502 Bad Gateway/,
		},
	],
	[
		'gateway_timeout_html',
		{
			error: InternalServerError,
			status: 504,
			code: undefined,
			type: undefined,
			message: /504 Gateway Time-out/,
		},
		{
			error: InternalServerError,
			status: 504,
			code: undefined,
			type: undefined,
			message: /504 Gateway Time-out/,
		},
	],
	[ 'non_json', 'html', 'html' ],
	[
		'slow',
		{ error: APIConnectionTimeoutError, code: undefined, type: undefined },
		{ error: APIConnectionTimeoutError, code: undefined, type: undefined },
	],
	[
		'connection_failed',
		{ error: APIConnectionError, code: undefined, type: undefined },
		{ error: APIConnectionError, code: undefined, type: undefined },
	],
];

let sim: Simulator;

beforeAll( async () => {
	sim = await startSimulator( { slowMs: SLOW_MS } );
} );

afterAll( async () => {
	await sim.close();
} );

beforeEach( () => {
	sim.reset();
} );

function client(
	key: string,
	options: ConstructorParameters< typeof OpenAI >[ 0 ] = {}
): OpenAI {
	return new OpenAI( {
		apiKey: key,
		baseURL: sim.url,
		maxRetries: 0,
		timeout: CLIENT_TIMEOUT_MS,
		...options,
	} );
}

function ping( openai: OpenAI, model = MODEL ) {
	return openai.responses.create( {
		model,
		input: 'ping',
		max_output_tokens: 16,
		store: false,
	} );
}

async function checkModels(
	openai: OpenAI,
	outcome: Outcome
): Promise< void > {
	const call = openai.models.retrieve( MODEL );
	if ( outcome === 'ok' ) {
		const model = await call;
		expect( model ).toMatchObject( {
			id: MODEL,
			object: 'model',
			owned_by: 'system',
		} );
		expect( model.created ).toEqual( expect.any( Number ) );
	} else if ( outcome === 'html' ) {
		expect( await call ).toMatch( /^<!DOCTYPE html>/ );
	} else {
		await expectFailure( call, outcome );
	}
}

async function checkResponses(
	openai: OpenAI,
	outcome: Outcome
): Promise< void > {
	const call = ping( openai );
	if ( outcome === 'ok' ) {
		const response = await call;
		expect( response ).toMatchObject( {
			object: 'response',
			model: MODEL,
			status: 'incomplete',
			incomplete_details: { reason: 'max_output_tokens' },
			max_output_tokens: 16,
			store: false,
		} );
		expect( response.id ).toMatch( /^resp_[0-9a-f]+$/ );
		expect( response._request_id ).toMatch( REQUEST_ID );
		const usage = response.usage!;
		expect( usage.output_tokens ).toBe( 16 );
		expect( usage.input_tokens ).toBeGreaterThan( 0 );
		expect( usage.total_tokens ).toBe(
			usage.input_tokens + usage.output_tokens
		);
		expect( usage.input_tokens_details.cached_tokens ).toBe( 0 );
		expect( usage.output_tokens_details.reasoning_tokens ).toBe( 0 );
	} else if ( outcome === 'html' ) {
		// The SDK hands the page to its output_text helper, which fails on a string.
		await expect( call ).rejects.toThrow( TypeError );
	} else {
		await expectFailure( call, outcome );
	}
}

describe( 'every scenario through the official SDK', () => {
	test( 'the table covers every scenario once', () => {
		expect( TABLE.map( ( [ name ] ) => name ).sort() ).toEqual(
			[ ...SCENARIOS ].sort()
		);
	} );

	test.each( TABLE )(
		'%s: models.retrieve, then responses.create',
		async ( scenario, models, responses ) => {
			const openai = client( simKey( scenario ) );
			await checkModels( openai, models );
			await checkResponses( openai, responses );
			expect(
				sim.requests.map( ( request ) => request.scenario )
			).toEqual( [ scenario, scenario ] );
		}
	);
} );

describe( 'success shapes', () => {
	test( 'models.list lists the served models, never the retired ones', async () => {
		const page = await client( simKey( 'ok' ) ).models.list();
		expect( page.data.map( ( model ) => model.id ) ).toEqual( [
			'gpt-4o-mini',
			'gpt-4o',
			'gpt-4.1',
			'gpt-4.1-mini',
			'gpt-5',
			'gpt-5-mini',
			'gpt-5-nano',
			'o3',
			'gpt-5.4-mini',
			'gpt-5.4-nano',
			'gpt-5.6-luna',
			'gpt-6-luna',
			'text-embedding-3-small',
			'text-embedding-3-large',
		] );
	} );

	test( 'models being retired carry shutdown_date in Unix seconds; the others none', async () => {
		const page = await client( simKey( 'ok' ) ).models.list();
		const dates = Object.fromEntries(
			page.data.map( ( model ) => {
				const shutdown = ( model as { shutdown_date?: number } )
					.shutdown_date;
				return [
					model.id,
					shutdown === undefined
						? null
						: new Date( shutdown * 1000 ).toISOString(),
				];
			} )
		);
		expect( dates ).toEqual( {
			'gpt-4o-mini': '2027-01-14T00:00:00.000Z',
			'gpt-4o': '2027-01-14T00:00:00.000Z',
			'gpt-4.1': '2027-01-14T00:00:00.000Z',
			'gpt-4.1-mini': '2027-01-14T00:00:00.000Z',
			'gpt-5': '2026-12-11T00:00:00.000Z',
			'gpt-5-mini': '2026-12-11T00:00:00.000Z',
			'gpt-5-nano': '2026-12-11T00:00:00.000Z',
			o3: '2026-12-11T00:00:00.000Z',
			'gpt-5.4-mini': null,
			'gpt-5.4-nano': null,
			'gpt-5.6-luna': null,
			'gpt-6-luna': null,
			'text-embedding-3-small': null,
			'text-embedding-3-large': null,
		} );
		const one = await client( simKey( 'ok' ) ).models.retrieve(
			'gpt-5-nano'
		);
		expect( ( one as { shutdown_date?: number } ).shutdown_date ).toBe(
			Date.UTC( 2026, 11, 11 ) / 1000
		);
	} );

	test( 'legacy_models: lists only its three models and cannot use the others', async () => {
		const openai = client( simKey( 'legacy_models' ) );
		const page = await openai.models.list();
		expect( page.data.map( ( model ) => model.id ) ).toEqual( [
			'gpt-4o-mini',
			'gpt-4o',
			'gpt-4.1-mini',
		] );
		await expectFailure( openai.models.retrieve( 'gpt-6-luna' ), {
			...fail(
				NotFoundError,
				404,
				INVALID_REQUEST,
				'model_not_found',
				/^404 The model `gpt-6-luna` does not exist or you do not have access to it\.$/
			),
			param: null,
		} );
		await expectFailure( ping( openai, 'gpt-6-luna' ), {
			...fail( BadRequestError, 400, INVALID_REQUEST, 'model_not_found' ),
			param: 'model',
		} );
		expect( ( await ping( openai, 'gpt-4.1-mini' ) ).status ).toBe(
			'incomplete'
		);
	} );

	test( 'a response with room enough completes and carries text', async () => {
		const response = await client( simKey( 'ok' ) ).responses.create( {
			model: 'gpt-4.1-mini',
			input: 'ping',
			max_output_tokens: 200,
		} );
		expect( response.status ).toBe( 'completed' );
		expect( response.incomplete_details ).toBeNull();
		expect( response.output_text ).toMatch( /^Pong!/ );
	} );

	test( 'a reasoning model spends 16 tokens on reasoning and stays incomplete', async () => {
		const response = await ping( client( simKey( 'ok' ) ), 'gpt-5-nano' );
		expect( response.status ).toBe( 'incomplete' );
		expect( response.output.map( ( item ) => item.type ) ).toEqual( [
			'reasoning',
		] );
		expect( response.usage?.output_tokens_details.reasoning_tokens ).toBe(
			16
		);
	} );

	test( 'chat.completions answers a chat.completion with usage', async () => {
		const completion = await client(
			simKey( 'ok' )
		).chat.completions.create( {
			model: MODEL,
			messages: [ { role: 'user', content: 'ping' } ],
			max_completion_tokens: 5,
		} );
		expect( completion.object ).toBe( 'chat.completion' );
		expect( completion.choices[ 0 ].finish_reason ).toBe( 'length' );
		expect( completion.choices[ 0 ].message.content ).toBe(
			"Pong! It looks like you're"
		);
		expect( completion.usage ).toMatchObject( {
			completion_tokens: 5,
			total_tokens: completion.usage!.prompt_tokens + 5,
		} );
	} );

	test( 'the slow scenario answers normally once slowMs has passed', async () => {
		const started = Date.now();
		const model = await client( simKey( 'slow' ), {
			timeout: SLOW_MS * 3,
		} ).models.retrieve( MODEL );
		expect( model.id ).toBe( MODEL );
		expect( Date.now() - started ).toBeGreaterThanOrEqual( SLOW_MS - 50 );
	} );

	test( 'the SDK gets through rate_limited_once by honouring retry-after', async () => {
		const model = await client( simKey( 'rate_limited_once' ), {
			maxRetries: 1,
			timeout: 5000,
		} ).models.retrieve( MODEL );
		expect( model.id ).toBe( MODEL );
		expect( sim.requests.map( ( request ) => request.status ) ).toEqual( [
			429, 200,
		] );
	} );
} );

describe( 'retired models and reasoning effort', () => {
	test.each( [ 'gpt-3.5-turbo', 'gpt-4', 'gpt-4.1-nano', 'o4-mini' ] )(
		"%s was shut down: 404 model_not_found with the API's words, on every endpoint, for every key",
		async ( model ) => {
			const message = new RegExp(
				`^404 The model \`${ model.replace(
					/\./g,
					'\\.'
				) }\` does not exist or you do not have access to it\\.$`
			);
			const expected = {
				...fail(
					NotFoundError,
					404,
					INVALID_REQUEST,
					'model_not_found',
					message
				),
				param: null,
			};
			const openai = client( simKey( 'ok' ) );
			await expectFailure( openai.models.retrieve( model ), expected );
			await expectFailure( ping( openai, model ), expected );
			await expectFailure(
				openai.chat.completions.create( {
					model,
					messages: [ { role: 'user', content: 'ping' } ],
				} ),
				expected
			);
			await expectFailure(
				ping( client( simKey( 'missing_scope_models' ) ), model ),
				expected
			);
		}
	);

	test( 'the lowest effort of each tier: none writes text, minimal and low spend more on reasoning', async () => {
		const openai = client( simKey( 'ok' ) );
		const spend = async (
			model: string,
			effort: 'none' | 'minimal' | 'low'
		) => {
			const response = await openai.responses.create( {
				model,
				input: 'ping',
				max_output_tokens: 16,
				store: false,
				reasoning: { effort },
			} );
			expect( response.status ).toBe( 'incomplete' );
			expect( response.incomplete_details ).toEqual( {
				reason: 'max_output_tokens',
			} );
			expect( response.reasoning?.effort ).toBe( effort );
			return [
				response.usage?.output_tokens_details.reasoning_tokens,
				response.output.map( ( item ) => item.type ),
			];
		};
		expect( await spend( 'gpt-6-luna', 'none' ) ).toEqual( [
			0,
			[ 'message' ],
		] );
		expect( await spend( 'gpt-5.4-nano', 'minimal' ) ).toEqual( [
			8,
			[ 'reasoning', 'message' ],
		] );
		expect( await spend( 'o3', 'low' ) ).toEqual( [ 16, [ 'reasoning' ] ] );
	} );

	test( 'a model that does not reason refuses reasoning.effort', async () => {
		await expectFailure(
			client( simKey( 'ok' ) ).responses.create( {
				model: MODEL,
				input: 'ping',
				max_output_tokens: 16,
				reasoning: { effort: 'minimal' },
			} ),
			{
				...fail(
					BadRequestError,
					400,
					INVALID_REQUEST,
					'unsupported_parameter',
					/^400 Unsupported parameter: 'reasoning\.effort' is not supported with this model\.$/
				),
				param: 'reasoning.effort',
			}
		);
	} );

	test( 'a reasoning model refuses an effort it does not take and names those it does', async () => {
		await expectFailure(
			client( simKey( 'ok' ) ).responses.create( {
				model: 'gpt-5-nano',
				input: 'ping',
				max_output_tokens: 16,
				reasoning: { effort: 'none' },
			} ),
			{
				...fail(
					BadRequestError,
					400,
					INVALID_REQUEST,
					'unsupported_value',
					/^400 Unsupported value: 'reasoning\.effort' does not support 'none' with this model\. Supported values are: 'minimal', 'low', 'medium', and 'high'\.$/
				),
				param: 'reasoning.effort',
			}
		);
	} );

	test( 'missing_scope_models: the key cannot list models but can generate', async () => {
		const openai = client( simKey( 'missing_scope_models' ) );
		const error = await rejection( openai.models.list() );
		expect( error ).toBeInstanceOf( AuthenticationError );
		expect( error.status ).toBe( 401 );
		expect( typeof error.error ).toBe( 'string' );
		expect( error.message ).toMatch( /Missing scopes: api\.model\.read\./ );
		const response = await openai.responses.create( {
			model: 'gpt-6-luna',
			input: 'ping',
			max_output_tokens: 16,
			store: false,
			reasoning: { effort: 'none' },
		} );
		expect( response.status ).toBe( 'incomplete' );
	} );
} );

describe( 'request validation', () => {
	test( 'max_output_tokens below 16 is refused', async () => {
		const openai = client( simKey( 'ok' ) );
		await expectFailure(
			openai.responses.create( {
				model: MODEL,
				input: 'ping',
				max_output_tokens: 15,
			} ),
			{
				...fail(
					BadRequestError,
					400,
					INVALID_REQUEST,
					'integer_below_min_value',
					/Expected a value >= 16, but got 15 instead\./
				),
				param: 'max_output_tokens',
			}
		);
	} );

	test( 'an unknown model is 404 on models/{id} and 400 with param "model" on responses', async () => {
		const openai = client( simKey( 'ok' ) );
		await expectFailure( openai.models.retrieve( 'gpt-9' ), {
			...fail(
				NotFoundError,
				404,
				INVALID_REQUEST,
				'model_not_found',
				/The model `gpt-9` does not exist/
			),
			param: null,
		} );
		await expectFailure( ping( openai, 'gpt-9' ), {
			...fail( BadRequestError, 400, INVALID_REQUEST, 'model_not_found' ),
			param: 'model',
		} );
	} );

	test( 'a wrong OpenAI-Organization header is refused; the right one passes', async () => {
		await expectFailure(
			client( simKey( 'ok' ), {
				organization: 'org-somebodyelse',
			} ).models.retrieve( MODEL ),
			fail(
				AuthenticationError,
				401,
				INVALID_REQUEST,
				'mismatched_organization'
			)
		);
		const model = await client( simKey( 'ok' ), {
			organization: 'org-simulator',
		} ).models.retrieve( MODEL );
		expect( model.id ).toBe( MODEL );
	} );

	test( 'the key echo never shows the whole key', async () => {
		const key = simKey( 'invalid_key', 'x9' );
		const error = await rejection( client( key ).models.retrieve( MODEL ) );
		const echo = /provided: (\S+)\. You can/.exec( error.message )![ 1 ];
		expect( echo.length ).toBe( key.length );
		expect( echo.startsWith( 'sk-proj-' ) ).toBe( true );
		expect( echo.endsWith( key.slice( -4 ) ) ).toBe( true );
		expect( echo ).not.toContain( 'T3BlbkFJ' );
		expect( echo ).not.toContain( 'sim-invalid_key' );
	} );

	test( 'a token that is not an OpenAI key is an incorrect key', async () => {
		await expectFailure(
			client( 'not-a-key-1234' ).models.retrieve( MODEL ),
			fail(
				AuthenticationError,
				401,
				INVALID_REQUEST,
				'invalid_api_key',
				/provided: not\*+1234\./
			)
		);
	} );
} );

describe( 'raw HTTP answers', () => {
	function get( path: string, key?: string ): Promise< Response > {
		return fetch( sim.url + path, {
			headers: key ? { Authorization: `Bearer ${ key }` } : {},
		} );
	}

	function post(
		path: string,
		body: string,
		key: string
	): Promise< Response > {
		return fetch( sim.url + path, {
			method: 'POST',
			headers: {
				Authorization: `Bearer ${ key }`,
				'Content-Type': 'application/json',
			},
			body,
		} );
	}

	function expectRateLimitHeaders( headers: Headers ): void {
		for ( const name of [ 'limit', 'remaining' ] ) {
			for ( const kind of [ 'requests', 'tokens' ] ) {
				expect(
					headers.get( `x-ratelimit-${ name }-${ kind }` )
				).toMatch( /^\d+$/ );
			}
		}
		expect( headers.get( 'x-ratelimit-reset-requests' ) ).toMatch(
			GO_DURATION
		);
		expect( headers.get( 'x-ratelimit-reset-tokens' ) ).toMatch(
			GO_DURATION
		);
	}

	test.each( [ '/models/gpt-4o-mini', '/models' ] )(
		'GET %s carries the API headers and rate limits',
		async ( path ) => {
			const response = await get( path, simKey( 'ok' ) );
			expect( response.status ).toBe( 200 );
			expect( response.headers.get( 'content-type' ) ).toMatch(
				/^application\/json/
			);
			expect( response.headers.get( 'x-request-id' ) ).toMatch(
				REQUEST_ID
			);
			expect( response.headers.get( 'openai-version' ) ).toBe(
				'2020-10-01'
			);
			expect( response.headers.get( 'openai-processing-ms' ) ).toMatch(
				/^\d+$/
			);
			expectRateLimitHeaders( response.headers );
		}
	);

	test( 'POST /responses spends tokens from the limit', async () => {
		const response = await post(
			'/responses',
			JSON.stringify( {
				model: MODEL,
				input: 'ping',
				max_output_tokens: 16,
				store: false,
			} ),
			simKey( 'ok' )
		);
		expect( response.status ).toBe( 200 );
		expectRateLimitHeaders( response.headers );
		const limit = Number(
			response.headers.get( 'x-ratelimit-limit-tokens' )
		);
		const body = ( await response.json() ) as {
			usage: { total_tokens: number };
		};
		expect(
			Number( response.headers.get( 'x-ratelimit-remaining-tokens' ) )
		).toBe( limit - body.usage.total_tokens );
	} );

	test.each(
		SCENARIOS.filter(
			( name ) => name !== 'slow' && name !== 'connection_failed'
		)
	)( '%s: every answer carries an x-request-id', async ( scenario ) => {
		const response = await get( '/models/gpt-4o-mini', simKey( scenario ) );
		expect( response.headers.get( 'x-request-id' ) ).toMatch( REQUEST_ID );
	} );

	test( 'rate_limited: retry-after 20 and exhausted request limit', async () => {
		const response = await get(
			'/models/gpt-4o-mini',
			simKey( 'rate_limited' )
		);
		expect( response.status ).toBe( 429 );
		expect( response.headers.get( 'retry-after' ) ).toBe( '20' );
		expectRateLimitHeaders( response.headers );
		expect( response.headers.get( 'x-ratelimit-remaining-requests' ) ).toBe(
			'0'
		);
		expect( response.headers.get( 'x-ratelimit-reset-requests' ) ).toBe(
			'20s'
		);
		expect( response.headers.get( 'x-ratelimit-reset-tokens' ) ).toBe(
			'6m0s'
		);
	} );

	test( 'rate_limited_once: 429 with retry-after 1 for the first request of a key only', async () => {
		const key = simKey( 'rate_limited_once', 'r1' );
		const first = await get( '/models/gpt-4o-mini', key );
		expect( first.status ).toBe( 429 );
		expect( first.headers.get( 'retry-after' ) ).toBe( '1' );
		expect( ( await get( '/models/gpt-4o-mini', key ) ).status ).toBe(
			200
		);
		expect(
			(
				await get(
					'/models/gpt-4o-mini',
					simKey( 'rate_limited_once', 'r2' )
				)
			).status
		).toBe( 429 );
	} );

	test( 'insufficient_quota does not look retryable', async () => {
		const response = await post(
			'/responses',
			JSON.stringify( {
				model: MODEL,
				input: 'ping',
				max_output_tokens: 16,
				store: false,
			} ),
			simKey( 'insufficient_quota' )
		);
		expect( response.status ).toBe( 429 );
		expect( response.headers.get( 'retry-after' ) ).toBeNull();
		expect( response.headers.get( 'retry-after-ms' ) ).toBeNull();
		expect( await response.json() ).toEqual( {
			error: {
				message:
					'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
				type: 'insufficient_quota',
				param: null,
				code: 'insufficient_quota',
			},
		} );
	} );

	test( 'slow_down sends no retry-after', async () => {
		const response = await get(
			'/models/gpt-4o-mini',
			simKey( 'slow_down' )
		);
		expect( response.status ).toBe( 429 );
		expect( response.headers.get( 'retry-after' ) ).toBeNull();
	} );

	test( 'missing_scope_models: `error` is a plain string', async () => {
		const response = await get(
			'/models/gpt-4o-mini',
			simKey( 'missing_scope_models' )
		);
		expect( response.status ).toBe( 401 );
		const body = ( await response.json() ) as { error: unknown };
		expect( body.error ).toEqual( expect.any( String ) );
		expect( body.error ).toMatch(
			/^You have insufficient permissions for this operation\. Missing scopes: api\.model\.read\./
		);
	} );

	test.each( [
		[ 'bad_gateway_html', 502, /<title>502 Bad Gateway<\/title>/ ],
		[ 'gateway_timeout_html', 504, /<title>504 Gateway Time-out<\/title>/ ],
		[ 'non_json', 200, /^<!DOCTYPE html>/ ],
	] )(
		'%s: answers %i with an HTML body',
		async ( scenario, status, body ) => {
			const response = await get(
				'/models/gpt-4o-mini',
				simKey( scenario )
			);
			expect( response.status ).toBe( status );
			expect( response.headers.get( 'content-type' ) ).toMatch(
				/^text\/html/
			);
			expect( await response.text() ).toMatch( body );
		}
	);

	test( 'no Authorization header: 401 with code null', async () => {
		const response = await get( '/models/gpt-4o-mini' );
		expect( response.status ).toBe( 401 );
		const body = ( await response.json() ) as {
			error: Record< string, unknown >;
		};
		expect( body.error ).toMatchObject( {
			type: INVALID_REQUEST,
			param: null,
			code: null,
		} );
		expect( body.error.message ).toMatch(
			/^You didn't provide an API key\./
		);
	} );

	test( 'an unknown path: 404 Invalid URL', async () => {
		const response = await post(
			'/completions/nope',
			'{}',
			simKey( 'ok' )
		);
		expect( response.status ).toBe( 404 );
		expect( await response.json() ).toEqual( {
			error: {
				message: 'Invalid URL (POST /v1/completions/nope)',
				type: INVALID_REQUEST,
				param: null,
				code: null,
			},
		} );
	} );

	test( 'invalid JSON is a 400', async () => {
		const response = await post(
			'/responses',
			'{"model":',
			simKey( 'ok' )
		);
		expect( response.status ).toBe( 400 );
		const body = ( await response.json() ) as {
			error: Record< string, unknown >;
		};
		expect( body.error ).toMatchObject( {
			type: INVALID_REQUEST,
			code: null,
		} );
		expect( body.error.message ).toMatch(
			/^We could not parse the JSON body of your request\./
		);
	} );

	test( 'a missing model is a 400 missing_required_parameter', async () => {
		const response = await post(
			'/responses',
			'{"input":"ping"}',
			simKey( 'ok' )
		);
		expect( response.status ).toBe( 400 );
		expect( await response.json() ).toEqual( {
			error: {
				message: "Missing required parameter: 'model'.",
				type: INVALID_REQUEST,
				param: 'model',
				code: 'missing_required_parameter',
			},
		} );
	} );
} );

describe( 'request log', () => {
	test( 'records what the client sent, over the handle and over HTTP', async () => {
		const key = simKey( 'ok' );
		await ping( client( key ) );
		expect( sim.requests ).toHaveLength( 1 );
		const [ request ] = sim.requests;
		expect( request ).toMatchObject( {
			method: 'POST',
			path: '/v1/responses',
			scenario: 'ok',
			status: 200,
			body: {
				model: MODEL,
				input: 'ping',
				max_output_tokens: 16,
				store: false,
			},
		} );
		expect( request.headers.authorization ).toBe( `Bearer ${ key }` );

		const origin = new URL( sim.url ).origin;
		const logged = await (
			await fetch( `${ origin }/__simulator/requests` )
		).json();
		expect( logged ).toEqual( sim.requests );

		expect(
			(
				await fetch( `${ origin }/__simulator/reset`, {
					method: 'POST',
				} )
			).status
		).toBe( 204 );
		expect( sim.requests ).toHaveLength( 0 );
	} );
} );

describe( 'keys', () => {
	test.each( [ ...SCENARIOS ] )(
		'%s: simKey has the shape of a project key and round-trips',
		( scenario ) => {
			const key = simKey( scenario );
			expect( key ).toHaveLength( 164 );
			expect( key ).toMatch(
				/^sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9]{74}$/
			);
			expect(
				key.slice( 8, 82 ).startsWith( `sim-${ scenario }-a1` )
			).toBe( true );
			expect( scenarioFromToken( key ) ).toBe( scenario );
		}
	);

	test( 'keys are deterministic per seed and differ between seeds', () => {
		expect( simKey( 'ok', 'b7' ) ).toBe( simKey( 'ok', 'b7' ) );
		expect( simKey( 'ok', 'b7' ).slice( -74 ) ).not.toBe(
			simKey( 'ok', 'b8' ).slice( -74 )
		);
	} );

	test( 'tokens without a marker: ok with T3BlbkFJ, invalid_key without', () => {
		expect(
			scenarioFromToken(
				`sk-proj-${ 'x'.repeat( 74 ) }T3BlbkFJ${ 'y'.repeat( 74 ) }`
			)
		).toBe( 'ok' );
		expect( scenarioFromToken( 'sk-proj-abcdef' ) ).toBe( 'invalid_key' );
	} );

	test( 'simKey refuses unknown scenarios and odd seeds', () => {
		expect( () => simKey( 'okay' ) ).toThrow(
			/Unknown simulator scenario/
		);
		expect( () => simKey( 'ok', 'a-1' ) ).toThrow( /letters and digits/ );
	} );

	test.each( [
		[ 0, '0s' ],
		[ 12, '12ms' ],
		[ 1000, '1s' ],
		[ 1500, '1.5s' ],
		[ 20000, '20s' ],
		[ 360000, '6m0s' ],
		[ 3723000, '1h2m3s' ],
	] )( 'goDuration( %i ) is %s', ( ms, text ) => {
		expect( goDuration( ms ) ).toBe( text );
	} );
} );

describe( 'cli', () => {
	test( 'prints the URL of a random port, answers, and stops on SIGTERM', async () => {
		const tsx = createRequire( import.meta.url ).resolve( 'tsx/cli' );
		const cli = fileURLToPath( new URL( './cli.ts', import.meta.url ) );
		const child = spawn( process.execPath, [ tsx, cli, '--port', '0' ], {
			stdio: [ 'ignore', 'pipe', 'pipe' ],
		} );
		try {
			const url = await new Promise< string >( ( resolve, reject ) => {
				let output = '';
				child.stdout.on( 'data', ( chunk: Buffer ) => {
					output += chunk.toString();
					const match =
						/^OpenAI simulator listening on (http:\/\/127\.0\.0\.1:\d+\/v1)$/m.exec(
							output
						);
					if ( match ) {
						resolve( match[ 1 ] );
					}
				} );
				child.once( 'exit', ( code ) =>
					reject(
						new Error( `cli exited with ${ code }: ${ output }` )
					)
				);
			} );
			const response = await fetch( `${ url }/models/${ MODEL }`, {
				headers: { Authorization: `Bearer ${ simKey( 'ok' ) }` },
			} );
			expect( response.status ).toBe( 200 );

			const exited = new Promise< number | null >( ( resolve ) =>
				child.once( 'exit', resolve )
			);
			child.kill( 'SIGTERM' );
			expect( await exited ).toBe( 0 );
		} finally {
			if ( child.exitCode === null && child.signalCode === null ) {
				child.kill( 'SIGKILL' );
			}
		}
	}, 20000 );

	test( '--print-keys prints scenario, key and diagnosis per scenario and exits', async () => {
		const tsx = createRequire( import.meta.url ).resolve( 'tsx/cli' );
		const cli = fileURLToPath( new URL( './cli.ts', import.meta.url ) );
		const child = spawn( process.execPath, [ tsx, cli, '--print-keys' ], {
			stdio: [ 'ignore', 'pipe', 'pipe' ],
		} );
		let output = '';
		child.stdout.on( 'data', ( chunk: Buffer ) => {
			output += chunk.toString();
		} );
		const code = await new Promise< number | null >( ( resolve ) =>
			child.once( 'exit', resolve )
		);
		expect( code ).toBe( 0 );
		const rows = output
			.trim()
			.split( '\n' )
			.map( ( line ) => line.split( '\t' ) );
		expect( rows.map( ( [ scenario ] ) => scenario ) ).toEqual( [
			...SCENARIOS,
		] );
		for ( const [ scenario, key, diagnosis, ...rest ] of rows ) {
			expect( key ).toBe( simKey( scenario ) );
			expect( Object.keys( diagnoses.codes ) ).toContain( diagnosis );
			expect( rest ).toEqual( [] );
		}
		expect( output ).not.toContain( 'listening' );
	}, 20000 );
} );
