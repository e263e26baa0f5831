import { Global, Module, type DynamicModule } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';

/** Makes the validated {@link GatewayConfig} injectable everywhere as `GATEWAY_CONFIG`. */
@Global()
@Module({})
export class GatewayConfigModule {
  static register(config: GatewayConfig): DynamicModule {
    return { module: GatewayConfigModule, providers: [{ provide: GATEWAY_CONFIG, useValue: config }], exports: [GATEWAY_CONFIG] };
  }
}
