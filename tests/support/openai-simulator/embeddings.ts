/**
 * `POST /v1/embeddings`: what the API refuses in a request, and the list of vectors it answers.
 *
 * `input` is a string, an array of strings, an array of token ids or an array of such arrays; none
 * may be empty. A vector is made from a hash of the model and the input, so the same input always
 * gives the same vector; it has unit length, as OpenAI's do, and a shortened one (`dimensions`) is
 * the start of the full one, normalised again. `encoding_format` float (the default) lists the
 * numbers; base64 packs them as little-endian float32, which is what the `openai` SDK asks for
 * when its caller names no format. A string counts a token per four characters (at least one), a
 * token-id array its length; embeddings have no output tokens.
 */
import { createHash } from 'node:crypto';
import { estimateTokens } from './bodies';
import {
	integerAboveMaximum,
	INVALID_EMBEDDING_INPUT,
	invalidEncodingFormat,
	invalidInteger,
	missingParameter,
	MODELS,
	type Answer,
} from './scenarios';

type Input = string | number[];

function isTokenArray( value: unknown ): value is number[] {
	return (
		Array.isArray( value ) &&
		value.length > 0 &&
		value.every( ( token ) => Number.isInteger( token ) && token >= 0 )
	);
}

/**
 * The inputs a request embeds, one vector each; null when `input` is not valid.
 *
 * @param input The request's `input`.
 */
function inputsOf( input: unknown ): Input[] | null {
	if ( typeof input === 'string' ) {
		return input === '' ? null : [ input ];
	}
	if ( isTokenArray( input ) ) {
		return [ input ];
	}
	if ( ! Array.isArray( input ) || input.length === 0 ) {
		return null;
	}
	if ( input.every( ( item ) => typeof item === 'string' && item !== '' ) ) {
		return input as string[];
	}
	return input.every( isTokenArray ) ? ( input as number[][] ) : null;
}

/**
 * The refusal a request's parameters earn before its model is looked at, or null.
 *
 * @param body The parsed request body.
 */
export function invalidEmbeddingParameters(
	body: Record< string, unknown >
): Answer | null {
	if ( body.input === undefined ) {
		return missingParameter( 'input' );
	}
	if ( inputsOf( body.input ) === null ) {
		return INVALID_EMBEDDING_INPUT;
	}
	const format = body.encoding_format;
	if ( format !== undefined && format !== 'float' && format !== 'base64' ) {
		return invalidEncodingFormat( String( format ) );
	}
	return invalidInteger( 'dimensions', body.dimensions, 1 );
}

/**
 * The refusal of `dimensions` longer than the model's vectors, or null.
 *
 * @param body  The parsed request body (parameters already valid).
 * @param model An embedding model.
 */
export function invalidDimensionsFor(
	body: Record< string, unknown >,
	model: string
): Answer | null {
	const most = MODELS[ model ].dimensions ?? 0;
	return typeof body.dimensions === 'number' && body.dimensions > most
		? integerAboveMaximum( 'dimensions', most, body.dimensions )
		: null;
}

/**
 * The unit vector of an input, as float32 values: the first `length` values of the input's
 * sequence, normalised (so a shorter vector is the start of a longer one, normalised again).
 *
 * @param model  The model.
 * @param input  One input.
 * @param length How many values.
 */
function vector( model: string, input: Input, length: number ): number[] {
	const seed = `${ model }\n${ JSON.stringify( input ) }`;
	const values: number[] = [];
	for ( let block = 0; values.length < length; block++ ) {
		const digest = createHash( 'sha256' )
			.update( `${ seed }\n${ block }` )
			.digest();
		for ( let at = 0; at < digest.length; at += 4 ) {
			values.push( digest.readUInt32LE( at ) / 2 ** 31 - 1 );
		}
	}
	const kept = values.slice( 0, length );
	const norm = Math.hypot( ...kept );
	return kept.map( ( value ) => Math.fround( value / norm ) );
}

function base64( values: number[] ): string {
	const bytes = Buffer.alloc( values.length * 4 );
	values.forEach( ( value, i ) => bytes.writeFloatLE( value, i * 4 ) );
	return bytes.toString( 'base64' );
}

/**
 * The embeddings list of a valid request.
 *
 * @param body  The parsed request body (valid).
 * @param model An embedding model.
 */
export function embeddingList(
	body: Record< string, unknown >,
	model: string
) {
	const inputs = inputsOf( body.input ) ?? [];
	const length =
		typeof body.dimensions === 'number'
			? body.dimensions
			: ( MODELS[ model ].dimensions ?? 0 );
	const tokens = inputs.reduce(
		( sum: number, input ) =>
			sum +
			( typeof input === 'string'
				? estimateTokens( input )
				: input.length ),
		0
	);
	return {
		object: 'list',
		data: inputs.map( ( input, index ) => {
			const values = vector( model, input, length );
			return {
				object: 'embedding',
				index,
				embedding:
					body.encoding_format === 'base64'
						? base64( values )
						: values,
			};
		} ),
		model,
		usage: { prompt_tokens: tokens, total_tokens: tokens },
	};
}
