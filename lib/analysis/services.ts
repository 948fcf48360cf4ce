/**
 * The high-risk service catalogue of HWSG001 (semantics.md §7): ports of remote administration,
 * databases, caches, message brokers, cluster control planes and UDP amplification services that
 * must not be open to the internet, each with its IP protocol and its name.
 */
import { HwsgError } from "../core/errors";
import { MAX_PORT, MIN_PORT } from "../core/port-set";
import { PROTOCOL_NUMBERS } from "../core/protocol";

/** The IP protocols a high-risk port can be given for: the protocols with ports. */
export type HighRiskProtocol = "tcp" | "udp";

/** A port (or an inclusive port range) of a service that must not be open to the internet. */
export interface HighRiskPort {
  readonly port: number | readonly [number, number];
  /** The service's name in messages, e.g. `SSH`. */
  readonly service: string;
  /** The IP protocol of the port. @default "tcp" */
  readonly protocol?: HighRiskProtocol;
}

/**
 * The default high-risk ports, tcp then udp, by port. No two entries of a protocol overlap: a port
 * belongs to one service, so a finding id (`…:tcp/22`) names one service.
 */
export const HIGH_RISK_PORTS: readonly HighRiskPort[] = [
  { port: [20, 21], service: "FTP" },
  { port: 22, service: "SSH" },
  { port: 23, service: "Telnet" },
  { port: 25, service: "SMTP" },
  { port: [135, 139], service: "NetBIOS/RPC" },
  { port: 445, service: "SMB" },
  { port: 1433, service: "SQL Server" },
  { port: 1521, service: "Oracle" },
  { port: 2181, service: "ZooKeeper" },
  { port: [2375, 2376], service: "Docker" },
  { port: [2379, 2380], service: "etcd" },
  { port: 3306, service: "MySQL" },
  { port: 3389, service: "RDP" },
  { port: 5432, service: "PostgreSQL" },
  { port: 5601, service: "Kibana" },
  { port: 5900, service: "VNC" },
  { port: 5984, service: "CouchDB" },
  { port: 6379, service: "Redis" },
  { port: 6443, service: "Kubernetes API" },
  { port: 7001, service: "WebLogic" },
  { port: 8848, service: "Nacos" },
  { port: 9092, service: "Kafka" },
  { port: 9200, service: "Elasticsearch" },
  { port: 9300, service: "Elasticsearch transport" },
  { port: 10250, service: "kubelet" },
  { port: 11211, service: "Memcached" },
  { port: 27017, service: "MongoDB" },
  { port: 50070, service: "Hadoop NameNode" },
  { port: [137, 138], service: "NetBIOS", protocol: "udp" },
  { port: 161, service: "SNMP", protocol: "udp" },
  { port: 1900, service: "SSDP", protocol: "udp" },
  { port: 11211, service: "Memcached", protocol: "udp" },
];

/** A catalogue entry checked: its protocol (name and number) and its inclusive port range. */
export interface HighRiskService {
  readonly service: string;
  readonly protocol: HighRiskProtocol;
  readonly protocolNumber: number;
  readonly range: readonly [number, number];
}

const portText = (range: readonly [number, number]): string => JSON.stringify(range[0] === range[1] ? range[0] : range);

/**
 * Checks high-risk ports: each a valid port or range of tcp or udp, no two of one protocol overlapping.
 * @returns the entries in the order given
 * @throws HwsgError naming the entry and what is allowed
 */
export function highRiskServices(entries: readonly HighRiskPort[]): HighRiskService[] {
  const out = entries.map((entry): HighRiskService => {
    const protocol = entry.protocol ?? "tcp";
    if (protocol !== "tcp" && protocol !== "udp") {
      throw new HwsgError(`high-risk port ${JSON.stringify(entry.port)} of ${entry.service} has protocol ${JSON.stringify(protocol)}: give "tcp" or "udp"`);
    }
    const [lo, hi] = typeof entry.port === "number" ? [entry.port, entry.port] : entry.port;
    const ok = (p: number) => Number.isInteger(p) && p >= MIN_PORT && p <= MAX_PORT;
    if (!ok(lo) || !ok(hi) || lo > hi) {
      throw new HwsgError(`high-risk port ${JSON.stringify(entry.port)} of ${entry.service} is invalid: give a port ${MIN_PORT}-${MAX_PORT} or a range [from, to] with from <= to`);
    }
    return { service: entry.service, protocol, protocolNumber: PROTOCOL_NUMBERS[protocol], range: [lo, hi] };
  });
  const byStart = [...out].sort((a, b) => a.protocolNumber - b.protocolNumber || a.range[0] - b.range[0]);
  for (let i = 1; i < byStart.length; i++) {
    const [prev, next] = [byStart[i - 1], byStart[i]];
    if (next.protocol === prev.protocol && next.range[0] <= prev.range[1]) {
      const udp = next.protocol === "udp" ? " (udp)" : "";
      throw new HwsgError(`high-risk ports ${portText(next.range)}${udp} of ${next.service} overlap ${portText(prev.range)}${udp} of ${prev.service}: list each port once`);
    }
  }
  return out;
}
