/**
 * The Kubernetes manifests as a cluster would get them: each overlay rendered by `kubectl kustomize` (KUBECTL, default
 * `kubectl` on PATH; .ci/run installs Debian's kubernetes-client), every object validated against the Kubernetes
 * schemas (kubernetes-models; the ServiceMonitor against the Prometheus Operator's), and the policies
 * docs/deployment.md promises.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Service } from "kubernetes-models/v1/Service";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const ROOT = path.resolve(import.meta.dirname, "..");
const KUBECTL = process.env.KUBECTL ?? "kubectl";
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** One validator per kind the overlays may hold: a new kind must be added here to be checked. */
const VALIDATORS: Record<string, (o: K8sObject) => void> = {
  "v1/Namespace": (o) => new Namespace(o as never).validate(),
  "v1/ConfigMap": (o) => new ConfigMap(o as never).validate(),
  "v1/Service": (o) => new Service(o as never).validate(),
  "v1/PersistentVolumeClaim": (o) => new PersistentVolumeClaim(o as never).validate(),
  "apps/v1/Deployment": (o) => new Deployment(o as never).validate(),
  "policy/v1/PodDisruptionBudget": (o) => new PodDisruptionBudget(o as never).validate(),
  "autoscaling/v2/HorizontalPodAutoscaler": (o) => new HorizontalPodAutoscaler(o as never).validate(),
  "networking.k8s.io/v1/Ingress": (o) => new Ingress(o as never).validate(),
  "networking.k8s.io/v1/NetworkPolicy": (o) => new NetworkPolicy(o as never).validate(),
  "monitoring.coreos.com/v1/ServiceMonitor": (o) => new ServiceMonitor(o as never).validate(),
};

/** Schema problems of each object, by `kind/name`. */
function schemaProblems(objects: K8sObject[]): string[] {
  return objects.flatMap((o) => {
    const validate = VALIDATORS[`${o.apiVersion}/${o.kind}`];
    if (!validate) return [`${o.kind}/${o.metadata.name}: no schema for ${o.apiVersion}`];
    try {
      validate(o);
      return [];
    } catch (err) {
      return [`${o.kind}/${o.metadata.name}: ${(err as Error).message}`];
    }
  });
}

/** Environment variable and ConfigMap key names that hold secrets: they must come from a Secret. */
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|CREDENTIALS|_KEY$|^(DATABASE|REDIS|SMTP)_URL$/;

/** What docs/deployment.md promises of every pod: problems found, empty when it holds. */
function podProblems(pod: IPodSpec): string[] {
  const problems: string[] = [];
  const podSecurity = pod.securityContext ?? {};
  if (podSecurity.runAsNonRoot !== true) problems.push("pod: runAsNonRoot is not true");
  if (!podSecurity.runAsUser) problems.push("pod: runAsUser is not a non-root uid");
  if (podSecurity.seccompProfile?.type !== "RuntimeDefault")
    problems.push("pod: seccomp profile is not RuntimeDefault");
  if (pod.automountServiceAccountToken !== false) problems.push("pod: mounts a service account token");
  const containers: IContainer[] = [...(pod.initContainers ?? []), ...pod.containers];
  for (const c of containers) {
    const at = `container ${c.name}`;
    const security = c.securityContext ?? {};
    if (security.readOnlyRootFilesystem !== true) problems.push(`${at}: root file system is not read-only`);
    if (security.allowPrivilegeEscalation !== false) problems.push(`${at}: may escalate privileges`);
    if (security.runAsUser === 0 || security.runAsNonRoot === false) problems.push(`${at}: runs as root`);
    if (!security.capabilities?.drop?.includes("ALL")) problems.push(`${at}: does not drop all capabilities`);
    if (security.capabilities?.add?.length) problems.push(`${at}: adds capabilities`);
    const { requests = {}, limits = {} } = c.resources ?? {};
    if (!requests.cpu || !requests.memory) problems.push(`${at}: no cpu and memory requests`);
    if (!limits.memory) problems.push(`${at}: no memory limit`);
    if (!c.readinessProbe) problems.push(`${at}: no readiness probe`);
    if (!c.livenessProbe) problems.push(`${at}: no liveness probe`);
    const image = c.image ?? "";
    const tag = /^[^@]+:([^/:@]+)$/.exec(image)?.[1];
    if (!image.includes("@sha256:") && (!tag || tag === "latest")) problems.push(`${at}: image ${image} is not pinned`);
    for (const env of c.env ?? [])
      if (SECRET_NAME.test(env.name) && env.value !== undefined)
        problems.push(`${at}: ${env.name} is written in the manifest`);
  }
  return problems;
}

function render(overlay: string): K8sObject[] {
  const result = spawnSync(KUBECTL, ["kustomize", path.join(ROOT, "deploy/k8s/overlays", overlay)], {
    encoding: "utf8",
  });
  if (result.error)
    throw new Error(
      `${KUBECTL} is needed to render the manifests (apt-get install kubernetes-client): ${result.error.message}`,
    );
  if (result.status !== 0) throw new Error(`kubectl kustomize ${overlay} failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout).map((doc) => {
    if (doc.errors.length)
      throw new Error(`kubectl kustomize ${overlay} printed invalid YAML: ${doc.errors[0]!.message}`);
    return doc.toJS() as K8sObject;
  });
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const one = (objects: K8sObject[], kind: string) => {
  const found = ofKind(objects, kind);
  expect(
    found.map((o) => o.metadata.name),
    kind,
  ).toHaveLength(1);
  return found[0]!;
};
const podSpec = (deployment: K8sObject) => (deployment.spec as { template: { spec: IPodSpec } }).template.spec;
const mainContainer = (deployment: K8sObject) => podSpec(deployment).containers.find((c) => c.name === "xrouter")!;

describe("the policy checks", () => {
  it("find a pod that breaks each promise (a check that never fails proves nothing)", () => {
    const bad: IPodSpec = {
      containers: [{ name: "c", image: "registry/xrouter:latest", env: [{ name: "AUTH_SECRET", value: "x" }] }],
    };
    expect(podProblems(bad)).toEqual([
      "pod: runAsNonRoot is not true",
      "pod: runAsUser is not a non-root uid",
      "pod: seccomp profile is not RuntimeDefault",
      "pod: mounts a service account token",
      "container c: root file system is not read-only",
      "container c: may escalate privileges",
      "container c: does not drop all capabilities",
      "container c: no cpu and memory requests",
      "container c: no memory limit",
      "container c: no readiness probe",
      "container c: no liveness probe",
      "container c: image registry/xrouter:latest is not pinned",
      "container c: AUTH_SECRET is written in the manifest",
    ]);
    expect(podProblems({ ...bad, containers: [{ name: "c", image: "registry:5000/xrouter" }] })).toContain(
      "container c: image registry:5000/xrouter is not pinned",
    );
    expect(
      schemaProblems([{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { replicas: "3" } }]),
    ).toHaveLength(1);
  });
});

describe.each(["trial", "production"])("the %s overlay", (overlay) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(overlay);
  });

  it("renders with kubectl kustomize, every object valid against its Kubernetes schema", () => {
    expect(objects.length).toBeGreaterThan(5);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it("runs the pods non-root, read-only, with resources, probes and a pinned image", () => {
    const deployment = one(objects, "Deployment");
    expect(podProblems(podSpec(deployment))).toEqual([]);
    const container = mainContainer(deployment);
    expect(container.image).toBe(`registry.example.ru/xrouter:${VERSION}`);
    expect(container.startupProbe?.httpGet?.path).toBe("/api/health");
    expect(container.livenessProbe?.httpGet?.path).toBe("/api/health");
    expect(container.readinessProbe?.httpGet?.path).toBe("/api/ready");
    // What the server writes (the data folder, Next's cache, temporary files) is a volume; nothing else is writable.
    expect(container.volumeMounts?.map((m) => m.mountPath).sort()).toEqual(["/app/.next/cache", "/data", "/tmp"]);
  });

  it("inlines no secret: no Secret object, no secret-named ConfigMap key, secrets referenced by name", () => {
    expect(ofKind(objects, "Secret")).toEqual([]);
    const keys = ofKind(objects, "ConfigMap").flatMap((c) => Object.keys(c.data ?? {}));
    expect(keys.filter((k) => SECRET_NAME.test(k))).toEqual([]);
    expect(
      mainContainer(one(objects, "Deployment"))
        .envFrom?.map((e) => e.secretRef?.name)
        .filter(Boolean),
    ).toEqual(["xrouter"]);
  });

  it("puts everything in one namespace that enforces the restricted pod security standard", () => {
    const namespace = one(objects, "Namespace");
    expect(namespace.metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(new Set(objects.filter((o) => o.kind !== "Namespace").map((o) => o.metadata.namespace))).toEqual(
      new Set([namespace.metadata.name]),
    );
  });

  it("selects the pods it means: Service, PDB and NetworkPolicy match the pod labels, the Ingress the Service", () => {
    const labels = (one(objects, "Deployment").spec as { template: { metadata: { labels: Record<string, string> } } })
      .template.metadata.labels;
    const matches = (selector: Record<string, string> | undefined) =>
      !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
    for (const service of ofKind(objects, "Service"))
      expect(matches(service.spec!.selector as Record<string, string>), service.metadata.name).toBe(true);
    for (const kind of ["PodDisruptionBudget", "NetworkPolicy"]) {
      const spec = one(objects, kind).spec as {
        selector?: { matchLabels: Record<string, string> };
        podSelector?: { matchLabels: Record<string, string> };
      };
      expect(matches((spec.selector ?? spec.podSelector)?.matchLabels), kind).toBe(true);
    }
    const backend = (
      one(objects, "Ingress").spec as {
        rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[];
      }
    ).rules[0]!.http.paths[0]!.backend.service;
    const service = ofKind(objects, "Service").find((s) => s.metadata.name === backend.name);
    expect((service?.spec?.ports as { name: string }[]).map((p) => p.name)).toContain(backend.port.name);
  });

  it("lets streams through the ingress unbuffered, with a read timeout past the server's longest silence", () => {
    const annotations = one(objects, "Ingress").metadata.annotations ?? {};
    expect(annotations["nginx.ingress.kubernetes.io/proxy-buffering"]).toBe("off");
    expect(annotations["nginx.ingress.kubernetes.io/proxy-request-buffering"]).toBe("off");
    // XROUTER_WS_IDLE_TIMEOUT_MS (300 s) and XROUTER_TOTAL_TIMEOUT_MS (120 s) by default.
    expect(Number(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])).toBeGreaterThan(300);
    expect(Number(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"])).toBeGreaterThan(300);
  });

  it("admits the public port from the ingress namespace and the metrics port from the monitoring namespace only", () => {
    const policy = one(objects, "NetworkPolicy").spec as {
      policyTypes: string[];
      ingress: { from: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: string }[] }[];
    };
    expect(policy.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(
      policy.ingress.map((rule) => [
        rule.from.map((f) => f.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"]),
        rule.ports.map((p) => p.port),
      ]),
    ).toEqual([
      [["ingress-nginx"], ["http"]],
      [["monitoring"], ["metrics"]],
    ]);
  });
});

describe("the trial overlay", () => {
  it("runs one instance on a persistent volume, replaced rather than rolled", () => {
    const objects = render("trial");
    const deployment = one(objects, "Deployment").spec as { replicas: number; strategy: { type: string } };
    expect(deployment.replicas).toBe(1);
    expect(deployment.strategy.type).toBe("Recreate");
    expect(ofKind(objects, "HorizontalPodAutoscaler")).toEqual([]);
    const data = podSpec(one(objects, "Deployment")).volumes?.find((v) => v.name === "data");
    expect(data).toEqual({
      name: "data",
      persistentVolumeClaim: { claimName: one(objects, "PersistentVolumeClaim").metadata.name },
    });
  });
});

describe("the production overlay", () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render("production");
  });

  it("reads the settings several replicas need from the Secret, each one required", () => {
    const env = mainContainer(one(objects, "Deployment")).env ?? [];
    for (const name of [
      "DATABASE_URL",
      "REDIS_URL",
      "AUTH_SECRET",
      "XROUTER_ENCRYPTION_KEY",
      "XROUTER_METRICS_TOKEN",
    ]) {
      const ref = env.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
      expect(ref, name).toEqual({ name: "xrouter", key: name });
    }
    expect(one(objects, "ConfigMap").data?.XROUTER_DEMO).toBe("off");
  });

  it("scales from three replicas, rolls without losing one, and leaves replicas to the autoscaler", () => {
    const hpa = one(objects, "HorizontalPodAutoscaler").spec as {
      minReplicas: number;
      scaleTargetRef: { kind: string; name: string };
    };
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(3);
    expect(hpa.scaleTargetRef).toMatchObject({ kind: "Deployment", name: "xrouter" });
    const deployment = one(objects, "Deployment").spec as {
      replicas?: number;
      strategy: { rollingUpdate: { maxUnavailable: number } };
    };
    expect(deployment.replicas).toBeUndefined();
    expect(deployment.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it("has Prometheus scrape the metrics port, with the token, through a Service of its own", () => {
    const monitor = one(objects, "ServiceMonitor").spec as {
      selector: { matchLabels: Record<string, string> };
      endpoints: { port: string; authorization?: { credentials?: { name: string; key: string } } }[];
    };
    const service = ofKind(objects, "Service").find((s) =>
      Object.entries(monitor.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v),
    );
    expect(service?.metadata.name).toBe("xrouter-metrics");
    expect((service!.spec!.ports as { name: string }[]).map((p) => p.name)).toEqual(["metrics"]);
    expect(monitor.endpoints[0]).toMatchObject({
      port: "metrics",
      authorization: { credentials: { name: "xrouter", key: "XROUTER_METRICS_TOKEN" } },
    });
    const publicService = ofKind(objects, "Service").find((s) => s.metadata.name === "xrouter");
    expect((publicService!.spec!.ports as { name: string }[]).map((p) => p.name)).toEqual(["http"]);
  });
});
