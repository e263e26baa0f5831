import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { BranchesDto, ErrorDto, GatewayInfoDto } from '../http/api-docs.dto';
import { CatalogService, type GatewayInfo } from './catalog.service';

@ApiTags('catalog')
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('config')
  @ApiOperation({ summary: 'Time zone, window size, resolutions, statistic types and their known categories' })
  @ApiOkResponse({ type: GatewayInfoDto })
  config(): GatewayInfo {
    return this.catalog.info();
  }

  @Get('branches')
  @ApiOperation({ summary: 'Real branches seen so far, sorted (all is not listed)' })
  @ApiOkResponse({ type: BranchesDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto })
  branches(): Promise<{ branches: string[] }> {
    return this.catalog.branches();
  }
}
