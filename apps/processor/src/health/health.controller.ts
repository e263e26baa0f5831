import { createHealthController } from '@coffee/service-kit';
import { ProcessorRedis } from '../redis/processor-redis';

/**
 * Liveness (`/health/live`, also `/health`): the process answers. Readiness (`/health/ready`): Redis
 * answers a PING and neither reads nor applies have been failing for longer than READY_FAILING_MS; else 503 with the reason.
 */
export const HealthController = createHealthController(ProcessorRedis, (redis) => redis.isReady());
