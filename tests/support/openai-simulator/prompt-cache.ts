/**
 * Prompt caching, made deterministic: how many of a prompt's input tokens the simulator reports as
 * `cached_tokens`.
 *
 * OpenAI caches the longest prefix it has seen of a prompt of at least 1024 tokens, in steps of
 * 128 tokens, per organization and model; `prompt_cache_key` steers requests that share a prefix
 * to the same cache. The simulator caches only requests that set `prompt_cache_key` (so every
 * other test's counts stay exact) and remembers the prompts it answered per project, model and
 * key until it is reset. A token is four characters of the prompt text, as everywhere in the
 * simulator.
 */

/** The shortest prefix, in tokens, that OpenAI caches. */
export const CACHE_MIN_TOKENS = 1024;
/** Cached prefixes grow in steps of this many tokens. */
export const CACHE_STEP_TOKENS = 128;
/** Prompts remembered per project, model and key (the oldest is forgotten first). */
const REMEMBERED = 16;

/**
 * The tokens of a prefix that the cache can serve: 0 below 1024, else 1024 + 128·n, never more
 * than the prefix.
 *
 * @param tokens The tokens the prompt shares with one seen before.
 */
export function cachedTokensOf( tokens: number ): number {
	if ( tokens < CACHE_MIN_TOKENS ) {
		return 0;
	}
	return (
		CACHE_MIN_TOKENS +
		Math.floor( ( tokens - CACHE_MIN_TOKENS ) / CACHE_STEP_TOKENS ) *
			CACHE_STEP_TOKENS
	);
}

function sharedPrefix( a: string, b: string ): number {
	const length = Math.min( a.length, b.length );
	let shared = 0;
	while ( shared < length && a[ shared ] === b[ shared ] ) {
		shared++;
	}
	return shared;
}

export class PromptCache {
	private readonly seen = new Map< string, string[] >();

	/**
	 * The cached tokens of a prompt, counted against the prompts seen before with the same
	 * project, model and key; then remembers the prompt. 0 without a key.
	 *
	 * @param scope  The project and model, e.g. `proj_…/gpt-4o-mini`.
	 * @param key    The request's `prompt_cache_key`, if any.
	 * @param prompt The prompt's text (what its input tokens are counted from).
	 */
	use( scope: string, key: unknown, prompt: string ): number {
		if ( typeof key !== 'string' || key === '' ) {
			return 0;
		}
		const name = `${ scope }\n${ key }`;
		const prompts = this.seen.get( name ) ?? [];
		const longest = Math.max(
			0,
			...prompts.map( ( seen ) => sharedPrefix( seen, prompt ) )
		);
		this.seen.set( name, [ ...prompts, prompt ].slice( -REMEMBERED ) );
		return cachedTokensOf( Math.floor( longest / 4 ) );
	}

	clear(): void {
		this.seen.clear();
	}
}
