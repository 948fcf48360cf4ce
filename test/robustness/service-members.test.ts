/**
 * Hostile input in managed-service members, through the real binary: a control character in a
 * private address is a bad-input error (exit 2, one stderr line, no control character), and a
 * long list of broker addresses is bounded work.
 */
import * as fs from "fs";
import * as path from "path";
import { CONTROL_CHARACTER, contractBreach, ensureBuilt, runBinary } from "../support/built-binary";
import { FIXTURES, removeTempDirs, writeFiles } from "../terraform/tf-json";

beforeAll(ensureBuilt, 240_000);
afterAll(removeTempDirs);

const KAFKA = fs.readFileSync(path.join(FIXTURES, "members", "kafka", "main.tf"), "utf8");

test("a control character in a DCS private_ip is exit 2 with one clean stderr line naming the field", () => {
  const dcs = fs.readFileSync(path.join(FIXTURES, "members", "dcs", "main.tf"), "utf8").replace('"192.168.1.50"', '"192.168.1.50\\u001b[2K"');
  const run = runBinary(["check", writeFiles({ "main.tf": dcs })]);
  expect(run.status).toBe(2);
  expect(contractBreach(run)).toBeUndefined();
  expect(run.stderrLines).toHaveLength(1);
  expect(run.stderrLines[0]).toMatch(/huaweicloud_dcs_instance\.cache.*private_ip/);
  expect(run.stderr).not.toMatch(CONTROL_CHARACTER);
});

test("20,000 Kafka broker addresses are read in bounded time and memory", () => {
  const ips = Array.from({ length: 20_000 }, (_, i) => `"192.168.${100 + Math.floor(i / 250)}.${(i % 250) + 1}"`).join(", ");
  const tf = KAFKA.replace('cidr       = "192.168.1.0/24"', 'cidr       = "192.168.0.0/16"').replace('"192.168.1.60", "192.168.1.61"', ips).replace("broker_num         = 3", "broker_num         = 20000");
  const run = runBinary(["query", writeFiles({ "main.tf": tf }), "--from", "huaweicloud_compute_instance.client", "--to", "192.168.179.250", "--protocol", "tcp", "--port", "9092"]);
  expect(contractBreach(run)).toBeUndefined();
  // The client's egress rule covers only 192.168.1.0/24: denied, naming the broker's member.
  expect(run.status).toBe(1);
  expect(run.stdout).toContain("to huaweicloud_dms_kafka_instance.events (192.168.179.250)");
  expect(run.ms).toBeLessThan(30_000);
  expect(run.maxRssMb).toBeLessThan(1024);
});
