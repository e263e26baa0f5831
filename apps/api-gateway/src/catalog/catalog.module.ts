import { Module } from '@nestjs/common';
import { RedisModule } from '../redis/redis.module';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';

@Module({
  imports: [RedisModule],
  controllers: [CatalogController],
  providers: [CatalogService],
})
export class CatalogModule {}
