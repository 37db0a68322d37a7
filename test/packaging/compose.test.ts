// The Docker packaging, checked without Docker: docker-compose.yml, the Dockerfile, .dockerignore and the
// example config must fit together and with how the gateway reads its config and secrets. That the compiled
// gateway runs is test/packaging/build.test.ts's job.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configPathFrom, parseConfig, serverAddressFromEnv } from '../../src/config.js';
import { securitySettings } from '../../src/http/security-settings.js';
import { baseImage, envOf, execArgs, type Instruction, parseDockerfile } from './dockerfile.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const exists = (path: string) => existsSync(new URL(`../../${path}`, import.meta.url));

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  env_file?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: Array<string | { type: string; source: string; target: string; read_only?: boolean; bind?: { create_host_path?: boolean } }>;
  ports?: string[];
  healthcheck?: { test: string[] };
  user?: string;
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const gateway = compose.services.gateway!;
const postgres = compose.services.postgres!;
const dockerfile = parseDockerfile(read('Dockerfile'));
const finalStage = dockerfile.stages.at(-1)!;
const exampleConfig = JSON.parse(read('config/gateway.example.json')) as Record<string, unknown>;
const envExample = read('.env.example');

/** Names that hold secrets, in the environment or the compose file. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|DATABASE_URL/i;
/** A compose reference to the environment: ${NAME}, ${NAME:?message}, ${NAME:-default}. */
const ENV_REFERENCE = /^\$\{[A-Z][A-Z0-9_]*(?::?[?-][^}]*)?\}$/;

/** The gateway's environment as the container gets it: the image's ENV, then compose's. */
function containerEnv(): NodeJS.ProcessEnv {
  const fromImage = Object.assign({}, ...finalStage.instructions.filter((i) => i.keyword === 'ENV').map(envOf)) as Record<string, string>;
  return { ...fromImage, ...gateway.environment };
}

/** Every { "env": "NAME" } the example config refers to. */
function envReferences(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(envReferences);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === 'env') return [entries[0]![1] as string];
    return entries.flatMap(([, inner]) => envReferences(inner));
  }
  return [];
}

function stageInstructions(keyword: string, stage = finalStage): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

describe('docker-compose.yml', () => {
  it('runs the gateway and PostgreSQL 16', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'postgres']);
    expect(postgres.image).toMatch(/^postgres:16(\b|-|$)/);
  });

  it('health-checks both services without curl: pg_isready, and node fetching /ready', () => {
    expect(postgres.healthcheck?.test[0]).toMatch(/^CMD(-SHELL)?$/);
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    const gatewayCheck = gateway.healthcheck!.test;
    expect(gatewayCheck.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(gatewayCheck[3]).toMatch(/fetch\('http:\/\/127\.0\.0\.1:4000\/ready'\)/);
    expect(gatewayCheck.join(' ')).not.toMatch(/curl|wget/);
  });

  it('starts the gateway only once PostgreSQL is healthy, and builds it from the Dockerfile', () => {
    expect(gateway.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(gateway.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(exists(gateway.build!.dockerfile)).toBe(true);
  });

  it('mounts the config read-only at the path the gateway reads, and never creates a missing one', () => {
    const env = containerEnv();
    const configPath = configPathFrom([], env);
    expect(configPath).toBe('/etc/idp-gateway/config.json');
    const mount = gateway.volumes!.find((volume) => typeof volume === 'object' && volume.target === configPath);
    expect(mount).toEqual({
      type: 'bind',
      source: './config/gateway.json',
      target: configPath,
      read_only: true,
      bind: { create_host_path: false },
    });
    // The image agrees, so a `docker run` with the same mount works too.
    const imageEnv = Object.assign({}, ...stageInstructions('ENV').map(envOf)) as Record<string, string>;
    expect(imageEnv.IDP_GATEWAY_CONFIG).toBe(configPath);
  });

  it('takes every secret from the environment: no literal password, secret, token or key', () => {
    const literals: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        const text = String(value);
        if (SECRET_NAME.test(key) && !ENV_REFERENCE.test(text) && key !== 'DATABASE_URL') literals.push(`${name}.${key}`);
        if (/^postgres(ql)?:\/\//.test(text) && new URL(text).password !== '') literals.push(`${name}.${key} (password in the URL)`);
      }
    }
    expect(literals).toEqual([]);
    // The secrets the gateway requires on PostgreSQL are all there, as references.
    expect(gateway.environment).toMatchObject({
      DATABASE_URL: expect.stringMatching(/^postgres:\/\/idp_gateway@postgres:5432\/idp_gateway$/),
      PGPASSWORD: expect.stringMatching(ENV_REFERENCE),
      IDP_GATEWAY_SECRET_KEY: expect.stringMatching(ENV_REFERENCE),
    });
    expect(postgres.environment).toMatchObject({
      POSTGRES_USER: 'idp_gateway',
      POSTGRES_DB: 'idp_gateway',
      POSTGRES_PASSWORD: expect.stringMatching(ENV_REFERENCE),
    });
    // The env file is the operator's, never committed and never sent to the build.
    expect(gateway.env_file).toEqual(['.env']);
    expect(read('.gitignore').split('\n')).toContain('.env');
  });

  it('lists every variable it and the example config need in .env.example, with no value filled in', () => {
    const composeText = read('docker-compose.yml');
    const fromCompose = [...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]!);
    const listed = new Map(
      envExample
        .split('\n')
        .filter((line) => /^[A-Z]/.test(line))
        .map((line) => line.split('=') as [string, string]),
    );
    for (const name of [...fromCompose, ...envReferences(exampleConfig)]) expect(listed.has(name), name).toBe(true);
    const filled = [...listed].filter(([name, value]) => SECRET_NAME.test(name) && value.trim() !== '');
    expect(filled).toEqual([]);
  });

  it('listens on every interface inside the container, publishes only to the host loopback, and keeps PostgreSQL unpublished', () => {
    const { host, port } = serverAddressFromEnv(containerEnv());
    expect(host).toBe('0.0.0.0');
    expect(gateway.ports).toEqual([`127.0.0.1:\${GATEWAY_PORT:-4000}:${port}`]);
    expect(stageInstructions('EXPOSE').map((i) => i.args)).toEqual([String(port)]);
    expect(postgres.ports).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  it('builds in two stages from Node 20, and runs as a user that is not root', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile.stages) expect(baseImage(dockerfile, stage)).toMatch(/^node:20(-|$)/);
    const users = stageInstructions('USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)$/);
    // Nothing runs as root after the switch.
    const last = finalStage.instructions.findLastIndex((i) => i.keyword === 'USER');
    expect(finalStage.instructions.slice(last).filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('installs production dependencies only, from the lock file, in a build stage the runtime copies from', () => {
    const deps = dockerfile.stages.find((stage) =>
      stage.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b.*--omit=dev/.test(i.args)),
    );
    expect(deps?.name).toBeTruthy();
    expect(stageInstructions('COPY').map((i) => i.args)).toContain(`--from=${deps!.name} /app/node_modules ./node_modules`);
    expect(
      stageInstructions('RUN')
        .map((i) => i.args)
        .join('\n'),
    ).not.toMatch(/\bnpm (ci|install|i)\b/);
  });

  it('compiles src/ in a build stage, and the runtime gets the compiled dist/ only: no source, no devDependencies', () => {
    const build = dockerfile.stages.find((stage) =>
      stage.instructions.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args)),
    );
    expect(build?.name).toBeTruthy();
    expect(build).not.toBe(finalStage);
    const buildSteps = build!.instructions.map((i) => `${i.keyword} ${i.args}`);
    // Every dependency (esbuild is a devDependency) from the lock file, before the sources and the build.
    const install = buildSteps.findIndex((step) => /^RUN npm ci\b/.test(step));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(buildSteps[install]).not.toMatch(/--omit=dev/);
    expect(buildSteps.indexOf('COPY src ./src')).toBeGreaterThan(install);
    expect(buildSteps.findIndex((step) => /^RUN npm run build\b/.test(step))).toBeGreaterThan(buildSteps.indexOf('COPY src ./src'));
    // The runtime takes dist/ from it and nothing else; the TypeScript sources never reach the image.
    const fromBuild = stageInstructions('COPY').filter((i) => i.args.startsWith(`--from=${build!.name} `));
    expect(fromBuild.map((i) => i.args)).toEqual([`--from=${build!.name} /app/dist ./dist`]);
    const copied = stageInstructions('COPY').flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copied.filter((source) => /^(\.\/)?(src|tsconfig[\w.]*\.json)\/?$/.test(source))).toEqual([]);
  });

  it('has a health check that needs no curl', () => {
    const [check] = stageInstructions('HEALTHCHECK');
    const args = execArgs(check!);
    expect(args.slice(0, 2)).toEqual(['node', '-e']);
    expect(args[2]).toMatch(/fetch\(.*\/health/);
  });

  it('bakes in no secret: no secret-named ENV or ARG, and no config file', () => {
    const names = dockerfile.stages.flatMap((stage) => [
      ...stage.instructions.filter((i) => i.keyword === 'ENV').flatMap((i) => Object.keys(envOf(i))),
      ...stage.instructions.filter((i) => i.keyword === 'ARG').map((i) => i.args.split('=')[0]!),
    ]);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => SECRET_NAME.test(name))).toEqual([]);
    const copied = dockerfile.stages.flatMap((stage) => stageInstructions('COPY', stage).map((i) => i.args)).join('\n');
    expect(copied).not.toMatch(/(^|\s)(\.\/)?config\/|\.env\b|\.data\b/);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const allowed = read('.dockerignore')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    expect(read('.dockerignore').split('\n')).toContain('*');
    const sources = dockerfile.stages.flatMap((stage) =>
      stage.instructions
        .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
        .flatMap((i) => i.args.split(/\s+/).slice(0, -1)),
    );
    for (const source of sources) {
      expect(exists(source), source).toBe(true);
      expect(allowed, source).toContain(source.replace(/\/$/, ''));
    }
  });

  it('starts the gateway with its CLI, from a file that exists and that runs the compiled dist/cli/main.js', () => {
    const command = ['ENTRYPOINT', 'CMD'].flatMap((keyword) => stageInstructions(keyword).flatMap(execArgs));
    expect(command).toEqual(['node', 'bin/idp-gateway.js', 'start']);
    expect(exists(command[1]!)).toBe(true);
    expect(read(command[1]!)).toContain("'../dist/cli/main.js'");
  });
});

describe('config/gateway.example.json', () => {
  it("passes the gateway's own parser, with every secret an environment reference", () => {
    const names = envReferences(exampleConfig);
    expect(names.length).toBeGreaterThanOrEqual(5);
    const fakeEnv = Object.fromEntries(names.map((name) => [name, `fake-${name.toLowerCase()}`]));
    const config = parseConfig(exampleConfig, 'config/gateway.example.json', fakeEnv);
    expect(config.connections.map((c) => c.vendor).sort()).toEqual(['akamai', 'cpanel', 'huawei', 'slashid', 'twosms']);
    // Without a variable the start stops, naming it.
    expect(() => parseConfig(exampleConfig, 'config/gateway.example.json', { ...fakeEnv, [names[0]!]: '' })).toThrow(names[0]!);
  });

  it('lists API tokens as hashes, so the gateway may listen on 0.0.0.0 in the container', () => {
    const fakeEnv = Object.fromEntries(envReferences(exampleConfig).map((name) => [name, 'x']));
    const config = parseConfig(exampleConfig, 'config/gateway.example.json', fakeEnv);
    const security = securitySettings(config, '0.0.0.0', { NODE_ENV: 'production' });
    expect(security.tokens?.map((t) => t.role).sort()).toEqual(['admin', 'operator']);
    expect(security.production).toBe(true);
  });
});
