import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, EventPattern, MqttContext, Payload } from '@nestjs/microservices';
import { ReadingsService } from './readings.service';

/**
 * Built per process because the subscription depends on config: a plain filter, or a shared
 * subscription (`$share/{group}/…`) when replicas split the devices.
 */
export function createReadingsController(pattern: string): Type<unknown> {
  @Controller()
  class ReadingsController {
    constructor(@Inject(ReadingsService) private readonly readings: ReadingsService) {}

    // Telemetry needs no reply. The raw packet is read from the context: Nest has already decoded
    // the payload as text, which would hide invalid UTF-8 and the true size.
    @EventPattern(pattern)
    handle(@Payload() _decoded: unknown, @Ctx() context: unknown): Promise<void> {
      const mqtt = context as MqttContext;
      return this.readings.handle(mqtt.getTopic(), mqtt.getPacket().payload as Buffer);
    }
  }
  return ReadingsController;
}
