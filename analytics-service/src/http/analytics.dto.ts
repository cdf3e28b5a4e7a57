import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes for the OpenAPI document; the payload types themselves live in libs/contracts. */
export class HourForecastDto {
  @ApiProperty({ description: 'UTC ms of the hour' }) start_ms!: number;
  @ApiProperty() kwh!: number;
  @ApiProperty({ description: '10th percentile' }) low_kwh!: number;
  @ApiProperty({ description: '90th percentile' }) high_kwh!: number;
}

export class DayForecastDto {
  @ApiProperty({ description: 'Site-local date, YYYY-MM-DD' }) date!: string;
  @ApiProperty() kwh!: number;
  @ApiProperty() low_kwh!: number;
  @ApiProperty() high_kwh!: number;
}

export class MonthProjectionDto {
  @ApiProperty() start_ms!: number;
  @ApiProperty() end_ms!: number;
  @ApiProperty() to_date_kwh!: number;
  @ApiProperty() projected_kwh!: number;
  @ApiProperty() low_kwh!: number;
  @ApiProperty() high_kwh!: number;
}

export class ForecastDto {
  @ApiProperty({ description: 'Device id, or _site for the whole site' }) device_id!: string;
  @ApiProperty() ts!: number;
  @ApiProperty({ enum: ['seasonal-median', 'holt-winters', 'hour-of-week-regression'] }) method!: string;
  @ApiProperty({ description: 'One sentence for the screen' }) method_sentence!: string;
  @ApiProperty({ type: [HourForecastDto], description: 'The next 48 h' }) hours!: HourForecastDto[];
  @ApiProperty({ type: [DayForecastDto], description: 'The rest of the month by site-local day' }) days!: DayForecastDto[];
  @ApiProperty({ type: MonthProjectionDto }) month!: MonthProjectionDto;
}

export class FindingDto {
  @ApiProperty() device_id!: string;
  @ApiProperty({ enum: ['unusually_high', 'unusually_low', 'base_load_rise', 'long_running', 'flat_readings', 'implausible_readings'] }) kind!: string;
  @ApiProperty() start_ms!: number;
  @ApiProperty() end_ms!: number;
  @ApiProperty({ example: '2.1 kWh in 3 h from Sat 24 Feb 14:00, usually 0.6 kWh on a Saturday afternoon.' }) sentence!: string;
  @ApiProperty() observed!: number;
  @ApiProperty() usual!: number;
  @ApiProperty({ enum: ['kWh', 'W', 'min'] }) unit!: string;
  @ApiProperty() ts!: number;
}

export class SignatureDto {
  @ApiProperty({ example: 'sig-120w-15m' }) id!: string;
  @ApiProperty() powerW!: number;
  @ApiProperty() durationMs!: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) periodMs!: number | null;
  @ApiProperty({ enum: ['fridge-like', 'kettle-like', 'heater-like', 'small load', 'large load'] }) label!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) name!: string | null;
  @ApiProperty() events!: number;
  @ApiProperty() energyWh!: number;
  @ApiProperty({ example: '≈120 W, 15 min every 45 min: fridge-like' }) sentence!: string;
}

export class RenameSignatureDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The name; null removes it', maxLength: 64 }) name!: string | null;
}

export class ConsumerDto {
  @ApiProperty() label!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) signatureId!: string | null;
  @ApiProperty() energyWh!: number;
  @ApiProperty() share!: number;
}

export class ConsumersDto {
  @ApiProperty() deviceId!: string;
  @ApiProperty() fromMs!: number;
  @ApiProperty() toMs!: number;
  @ApiProperty({ description: 'Always-on load (W)' }) baseLoadW!: number;
  @ApiProperty() energyWh!: number;
  @ApiProperty({ type: [ConsumerDto] }) consumers!: ConsumerDto[];
}
