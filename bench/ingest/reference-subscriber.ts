import mqtt from 'mqtt';
import mysql from 'mysql2/promise';

/**
 * The reference: the smallest sensible MQTT-to-MySQL pipe. One mqtt.js subscriber, JSON.parse, and a
 * multi-row INSERT IGNORE every 500 rows or 50 ms. No validation, no rollups, no acks.
 * Usage: reference-subscriber.ts <mqtt url> <mysql url>
 */
async function main(): Promise<void> {
  const [url, dbUrl] = process.argv.slice(2);
  const pool = mysql.createPool({ uri: dbUrl!, connectionLimit: 2 });
  const batch: unknown[][] = [];
  let writing = false;
  const flush = async () => {
    if (writing || batch.length === 0) return;
    writing = true;
    const rows = batch.splice(0, 500);
    try {
      await pool.query('INSERT IGNORE INTO ref_readings (device_id, seq, ts_ms, voltage_v, current_a, power_w) VALUES ?', [rows]);
    } catch (err) {
      batch.unshift(...rows);
      console.error(`insert failed: ${(err as Error).message}`);
    } finally {
      writing = false;
    }
    if (batch.length >= 500) void flush();
  };
  setInterval(() => void flush(), 50);
  const client = await mqtt.connectAsync(url!, { clientId: `reference-${process.pid}` });
  client.on('message', (topic, payload) => {
    const r = JSON.parse(payload.toString()) as { seq: number; ts: number; Voltage: number; Current: number; power_w: number };
    batch.push([topic.split('/')[1], r.seq, r.ts, r.Voltage, r.Current, r.power_w]);
    if (batch.length >= 500) void flush();
  });
  await client.subscribeAsync('energy/+/reading', { qos: 0 });
  console.log('ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
