import type { RateLimit } from '../../types';

export interface RateLimitSummaryProps {
	rateLimit: RateLimit;
}
