import type { RateLimit } from '../../../shared/types';

export interface RateLimitSummaryProps {
	rateLimit: RateLimit;
}
