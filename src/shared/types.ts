/**
 * The shapes of the key-guard/v1 REST API, written once.
 *
 * The PHP side (php/REST/) produces exactly these.
 */
import type diagnoses from '../../data/diagnoses.json';
import type keyTexts from '../../data/key-texts.json';

export type KeySource = 'env' | 'constant' | 'database' | 'network' | 'none';

export type KeyKind =
	'project' | 'service_account' | 'user' | 'legacy' | 'unknown';

/** The keys of data/diagnoses.json: the one list of diagnosis codes PHP, the screen and the tests share. */
export type DiagnosisCode = keyof ( typeof diagnoses )[ 'codes' ];

/** The keys of data/key-texts.json: every sentence about a pasted key, worded by php/Key/Key_Texts.php. */
export type KeyTextCode = keyof ( typeof keyTexts )[ 'texts' ];

/** A short message the server wants the admin to see (a warning, or what normalisation removed). */
export interface Message {
	code: string;
	message: string;
}

/** A link to the OpenAI dashboard page that goes with a piece of advice. */
export interface DashboardLink {
	label: string;
	url: string;
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Check {
	/** 'key' (shape, offline), 'model' (GET models/{id}), 'request' (POST responses). */
	id: 'key' | 'model' | 'request';
	label: string;
	status: CheckStatus;
	detail: string;
}

export interface RateLimit {
	limit_requests: number | null;
	remaining_requests: number | null;
	reset_requests: string | null;
	limit_tokens: number | null;
	remaining_tokens: number | null;
	reset_tokens: string | null;
	/** Seconds to wait, from retry-after / retry-after-ms or the message, when known. */
	retry_after: number | null;
}

/** A model's announced shutdown, from OpenAI's models list or the plugin's data (data/models.json). */
export interface ModelRetirement {
	model: string;
	/** YYYY-MM-DD, the day in UTC. */
	shutdown_date: string;
	/** The model to move to, when one is known. */
	replacement: string | null;
	/** openai: OpenAI's models list or deprecations page; reported: secondary reports. */
	source: 'openai' | 'reported';
}

export interface TestResult {
	ok: boolean;
	code: DiagnosisCode;
	/** One-line headline, translated. */
	message: string;
	/** What the site owner can do, translated. */
	advice: string;
	http_status: number | null;
	request_id: string | null;
	latency_ms: number;
	model: string;
	checks: Check[];
	rate_limit: RateLimit | null;
	links: DashboardLink[];
	/** ISO 8601 UTC. */
	tested_at: string;
	/**
	 * Whether the stored key, a typed, unsaved candidate, or the key prepared for another
	 * environment type (named by `environment`) was tested.
	 */
	key_source: 'stored' | 'candidate' | 'environment';
	/** The environment type whose prepared key was tested (key_source environment). */
	environment?: EnvironmentType;
	/**
	 * How `model` was chosen: named by the admin or the site (requested), the cheapest test model
	 * in the key's models list (listed), or tried in order by a key that may not list models (tried).
	 */
	model_source?: 'requested' | 'listed' | 'tried';
	/** Warnings about the model used (model_retiring), translated; also shown on its check. */
	warnings?: Message[];
	/** The announced shutdown of the model used, or null. */
	retirement?: ModelRetirement | null;
}

export interface SavedBy {
	id: number;
	name: string;
}

/** What wp_get_environment_type() returns. */
export type EnvironmentType =
	'production' | 'staging' | 'development' | 'local';

/** A key prepared for one environment type (GET /key `environments`). Never the key. */
export interface EnvironmentKey {
	environment: EnvironmentType;
	/** Whether this is the site's own environment type. */
	current: boolean;
	/** Whether a key is saved for this type. */
	configured: boolean;
	/** False when saved but not decryptable here (other salts, tampering). */
	readable: boolean;
	/** e.g. "sk-proj-…Ab3d"; '' when none or unreadable. */
	masked: string;
	/** ISO 8601 UTC, or null. */
	saved_at: string | null;
	saved_by: number | null;
	saved_by_name: string | null;
	/** The address of the site it was saved on, or null. */
	site: string | null;
}

/** GET /key-guard/v1/key (also the body of POST and DELETE answers). */
export interface KeyStatus {
	configured: boolean;
	source: KeySource;
	/** False when the key comes from env/constant: the screen shows no field. */
	editable: boolean;
	/** e.g. "sk-proj-…Ab3d"; '' when no key. Never the key. */
	masked: string;
	kind: KeyKind | null;
	/** ISO 8601 UTC, or null. */
	saved_at: string | null;
	/** User ID of whoever saved the key, or null. */
	saved_by: number | null;
	/** Their display name ("a deleted user" once deleted), or null. */
	saved_by_name: string | null;
	/** Last connection test of the stored key; a candidate test is never stored. */
	last_test: TestResult | null;
	warnings: Message[];
	/** The model the site names for every test (key_guard_default_model); '' when each test picks one the key can see. */
	default_model: string;
	/** This site's environment type. */
	environment: EnvironmentType;
	/** Keys prepared per environment type, all four types in order. */
	environments: EnvironmentKey[];
	/** The option row: none, plaintext (not yet encrypted), encrypted, or undecryptable here. */
	storage: 'none' | 'plaintext' | 'encrypted' | 'undecryptable';
	/** Set when the secret that encrypts the key is stored in the database itself (salts not in wp-config.php). */
	storage_warning: string | null;
	/** Whether a production key is held back on this copy until an admin confirms it. */
	held: boolean;
	/** Whole days since the key in use was saved, when known. */
	age_days: number | null;
	/**
	 * Whether KEY_GUARD_ENCRYPTION_KEY encrypts the keys (rather than this site's salts): only then
	 * can a copy with other salts read the keys prepared for its environment type.
	 */
	shared_secret: boolean;
}

/** POST /key-guard/v1/key answer: the status plus what normalisation changed in the pasted key. */
export interface SaveResult extends KeyStatus {
	notices: Message[];
}

export type AuditEventName =
	| 'saved'
	| 'removed'
	| 'tested'
	| 'refused_save'
	| 'failed_decrypt'
	| 'confirmed'
	| 'network_saved'
	| 'network_removed'
	| 'network_refused'
	| 'site_keys';

/** GET /key-guard/v1/audit: the last 50 key events, newest first. Never the key. */
export interface AuditEvent {
	event: AuditEventName;
	/** A machine word: the key kind, a diagnosis code (typed_… for a typed key), an error code. */
	outcome: string;
	user: SavedBy | null;
	/** ISO 8601 UTC. */
	time: string;
	/** A keyed hash of the client IP: tells requests apart without the address. */
	ip_hash: string;
}

/** Error body of every 4xx/5xx (WP_Error as JSON). */
export interface ApiError {
	code: string;
	message: string;
	data?: { status?: number; [ key: string ]: unknown };
}

export interface TestRequest {
	/** A typed key to test before saving; omitted → the stored key. */
	key?: string;
	/** Another environment type whose prepared key to test (never with `key`). */
	environment?: EnvironmentType;
	model?: string;
}

/** How GET /usage groups its rows: a row per day, per model, or per caller (plugin, theme, core). */
export type UsageGroup = 'day' | 'model' | 'caller';

/** The counts every usage figure carries; cost_usd is an estimate from the price table. */
export interface UsageCounts {
	requests: number;
	input_tokens: number;
	/** The part of input_tokens OpenAI served from its cache. */
	cached_tokens: number;
	output_tokens: number;
	cost_usd: number;
}

/** A day's share of one model or caller (GET /usage with group=day and a series param). */
export interface UsageSeriesPart extends UsageCounts {
	/** The model name ('' when unknown) or the caller id. */
	key: string;
	/** Words for the key: the model name, or the plugin, theme or "WordPress core". */
	label: string;
}

export interface UsageRow extends UsageCounts {
	/** The day (YYYY-MM-DD), the model name ('' when unknown) or the caller id, after the group. */
	key: string;
	/** Words for the key; for a day, the day itself. */
	label: string;
	/** Requests the guard refused before they left the site. */
	blocked: number;
	/** With group=day and a series param: the day split by model or caller. */
	series?: UsageSeriesPart[];
}

/** GET /key-guard/v1/usage: the counts of a date range, in the site's time zone. */
export interface UsageReport {
	from: string;
	to: string;
	group: UsageGroup;
	currency: 'USD';
	/** YYYY-MM-DD: the date of the prices the costs are estimated with. */
	prices_as_of: string;
	totals: UsageCounts & {
		blocked: number;
		/** Requests for a model the price table does not know: counted, not in the cost. */
		unpriced_requests: number;
	};
	/** For group=day, every day of the range, with zeros where there was no traffic. */
	rows: UsageRow[];
	/** Today and this month so far, whatever the range asked. */
	period: {
		day_requests: number;
		day_cost_usd: number;
		month_requests: number;
		month_cost_usd: number;
	};
}

export interface UsageQuery {
	/** First day, YYYY-MM-DD; left out (with `to`), the server's this month in the site's time zone. */
	from?: string;
	/** Last day, YYYY-MM-DD; left out (with `from`), today in the site's time zone. */
	to?: string;
	group: UsageGroup;
	series?: 'model' | 'caller';
}

/** Limits of one caller; null is "no limit". */
export interface CallerLimits {
	requests_per_day: number | null;
	monthly_budget_usd: number | null;
	/** Whether the caller may use OpenAI while new callers must be approved. */
	approved: boolean;
}

/** A plugin, theme, must-use plugin or WordPress core that sent requests through the key. */
export interface CallerSeen {
	/** A plugin folder, theme:slug, mu:file.php, core or key-guard-for-openai. */
	id: string;
	label: string;
	kind: 'plugin' | 'theme' | 'mu' | 'core';
	first_seen: string;
	last_seen: string;
	requests: number;
	blocked: number;
	/** Whether its requests are refused until an admin approves it. */
	waiting: boolean;
}

/** The settings a site owner can change (POST /limits takes any subset). */
export interface LimitSettings {
	monthly_budget_usd: number | null;
	daily_budget_usd: number | null;
	requests_per_minute: number | null;
	requests_per_day: number | null;
	/** allow: any caller may use the key; approve: a new caller waits for an admin. */
	unknown_callers: 'allow' | 'approve';
	callers: Record< string, CallerLimits >;
}

/** GET /key-guard/v1/limits (also the answer of POST). */
export interface Limits extends LimitSettings {
	/** False when a constant in wp-config.php sets the limits: the screen shows them read-only. */
	editable: boolean;
	/** The constant that sets them, e.g. KEY_GUARD_LIMITS, or null. */
	locked_by: string | null;
	/** Why the constant cannot be read as limits (said by the server in words), or null. */
	locked_problem: string | null;
	/** Percentages of a budget at which the site owner is alerted, e.g. [ 50, 80, 100 ]. */
	alert_thresholds: number[];
	callers_seen: CallerSeen[];
}

/** POST /key-guard/v1/limits: only what changed; callers merge per caller id. */
export type LimitsUpdate = Partial<
	Omit< LimitSettings, 'callers' > & {
		callers: Record< string, Partial< CallerLimits > >;
	}
>;

/** A step of the set-up guide (GET /key-guard/v1/setup). */
export interface SetupStep {
	id:
		| 'dashboard'
		| 'project'
		| 'billing'
		| 'create_key'
		| 'paste_key'
		| 'test'
		| 'openai_limits'
		| 'our_budget'
		| 'data_controls';
	done: boolean;
	/** Ticked by the plugin itself when it sees it done; else by hand. */
	auto: boolean;
	optional: boolean;
	/** The OpenAI platform page it needs. */
	link: string | null;
}

/** What the site's traffic of the last days says a restricted key needs. */
export interface KeyEvidence {
	days: number;
	permissions: {
		id: string;
		label: string;
		access: string[];
		last_seen: string;
	}[];
	models: string[];
	/** Path segments below /v1 no known permission covers. */
	unknown: string[];
	/** Permissions OpenAI said the key in use lacks. */
	missing: { scope: string; label: string; last_seen: string }[];
}

/** GET /key-guard/v1/setup. */
export interface SetupGuideState {
	steps: SetupStep[];
	done: boolean;
	closed: boolean;
	evidence: KeyEvidence;
}
