import { createHealthController } from '@coffee/service-kit';
import { CollectorRedis } from '../redis/collector-redis';

/**
 * Liveness (`/health/live`, also `/health`): the process answers. Readiness (`/health/ready`): Redis
 * answers a PING and no commit loop has been failing for longer than READY_FAILING_MS; else 503 with the reason.
 */
export const HealthController = createHealthController(CollectorRedis, (redis) => redis.ping());
