import { Controller, Get, Module, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DrainState } from '../shutdown/drain-state';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly drain: DrainState,
  ) {}

  // 200 when the database answers within 1.5 s; 503 when it does not, or while this process
  // drains for shutdown, so that balancers and orchestrators send nothing new its way.
  @Get()
  @HealthCheck()
  check() {
    if (this.drain.draining) throw new ServiceUnavailableException('Shutting down');
    return this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController] })
export class HealthModule {}
