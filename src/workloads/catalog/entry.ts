/**
 * A catalog entry checked: manifest, roles and their files, params and their defaults, placeholders,
 * storage, service and each `.service` file. Every problem is collected, so `validate` can print them
 * all; an entry with an error has no `entry` and cannot run.
 */
import type { CatalogEntrySource, CatalogFile } from '../../config/catalog-dir.js';
import { MANIFEST_FILE } from '../../config/catalog-dir.js';
import { didYouMean } from '../../config/suggest.js';
import { DNS1123_LABEL_PATTERN } from '../../constants.js';
import type { DataDiskSpec, ServiceSpec } from '../workload.js';
import { EMPTY_MANIFEST, parseManifest, type CatalogManifest, type CatalogParamDecl } from './manifest.js';
import { convertParam, expectedFor } from './params.js';
import { findPlaceholders, PROVIDED_PLACEHOLDERS, SERVICE_HOST_PLACEHOLDER } from './placeholders.js';
import type { CatalogProblem } from './problems.js';
import { checkServiceUnit } from './unit-check.js';

/** One `.service` file: installed in the guest as `virtwork-<entry>-<stem>.service`. */
export interface CatalogUnit {
  /** The file name without `.service`; for a multi-role entry, the role. */
  readonly stem: string;
  readonly file: string;
  readonly text: string;
}

export interface CatalogRole {
  readonly name: string;
  /** 0: as many as `--vm-count` (or the entry's `vm_count`). */
  readonly vmCount: number;
}

/** A catalog entry that passed every check: what the catalog workloads are built from. */
export interface CatalogEntry {
  readonly name: string;
  readonly description: string;
  readonly packages: readonly string[];
  readonly params: readonly CatalogParamDecl[];
  /** The roles of a multi-role entry; empty for a single-role one. */
  readonly roles: readonly CatalogRole[];
  /** A single-role entry's own VM count, when its manifest declares its one role with one; 0 otherwise. */
  readonly vmCount: number;
  readonly storage: readonly DataDiskSpec[];
  readonly service?: ServiceSpec | undefined;
  /** Every file of a single-role entry, or one per role of a multi-role one (stem = role). */
  readonly units: readonly CatalogUnit[];
}

export interface CheckedEntry {
  readonly name: string;
  /** Absent when any problem is an error. */
  readonly entry?: CatalogEntry;
  readonly problems: readonly CatalogProblem[];
}

/** Entry names become parts of VM, Secret and Service names (`virtwork-<entry>-0-<role>`). */
const MAX_ENTRY_NAME = 40;
/** What the guest's unit name `virtwork-<entry>-<stem>.service` may hold. */
const UNIT_STEM = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export const checkCatalogEntry = (source: CatalogEntrySource, builtinNames: readonly string[]): CheckedEntry => {
  const problems: CatalogProblem[] = [];
  const error = (field: string, fix: string, value?: unknown): void => {
    problems.push({ level: 'error', field, fix, ...(value !== undefined && { value }) });
  };

  if (builtinNames.includes(source.name)) {
    error(source.dir, `a built-in workload has this name (built-ins: ${builtinNames.join(', ')}); rename the directory`, source.name);
  }
  if (!DNS1123_LABEL_PATTERN.test(source.name) || source.name.length > MAX_ENTRY_NAME) {
    error(source.dir, `an entry name is at most ${MAX_ENTRY_NAME} lowercase letters, digits and '-', starting and ending with a letter or digit; rename the directory`, source.name);
  }

  const parsed = source.manifest ? parseManifest(source.manifest.text, source.manifest.path) : undefined;
  problems.push(...(parsed?.problems ?? []));
  const locate = (keyPath: readonly (string | number)[]): string => parsed?.locate(keyPath) ?? `${source.dir}/${MANIFEST_FILE}`;

  if (source.services.length === 0) error(source.dir, 'no .service file; add one systemd unit per program the entry runs, such as load.service');
  for (const service of source.services) {
    if (!UNIT_STEM.test(service.name.slice(0, -'.service'.length))) {
      error(service.path, 'a unit file is named with letters, digits, - and _ before .service, such as load.service', service.name);
    }
    problems.push(...checkServiceUnit(service.path, service.text));
  }

  // Each check runs on the sections it reads whenever those are valid, so one bad section hides no other problem.
  const sections = parsed?.sections ?? EMPTY_MANIFEST;
  const { roles, params, storage } = sections;
  if (roles) problems.push(...checkRoles(roles, source, locate));
  if (params) problems.push(...checkParams(params, locate));
  if (storage) problems.push(...checkStorage(storage, locate));
  if (roles && sections.service) problems.push(...checkService(sections.service, roles, locate));
  // A service that is there but invalid still declares {{service-host}}, and invalid params still declare
  // their keys: their own problems say what is wrong, and the placeholders are checked beside them.
  const paramKeys = params ? params.map((param) => param.key) : parsed ? parsed.paramKeys : [];
  if (paramKeys) problems.push(...checkPlaceholders(paramKeys, parsed?.keys.includes('service') ?? false, source.services, locate));

  const manifest = parsed ? parsed.manifest : EMPTY_MANIFEST;
  if (manifest === undefined) return { name: source.name, problems };
  const multiRole = manifest.roles.length > 1;
  if (problems.some((p) => p.level === 'error')) return { name: source.name, problems };
  const units = source.services
    .map((file) => ({ stem: file.name.slice(0, -'.service'.length), file: file.path, text: file.text }))
    .filter((unit) => !multiRole || manifest.roles.some((role) => role.name === unit.stem));
  const entry: CatalogEntry = {
    name: source.name,
    description: manifest.description ?? `catalog entry ${source.name}`,
    packages: manifest.packages,
    params: manifest.params,
    roles: multiRole ? manifest.roles.map((role) => ({ name: role.name, vmCount: role['vm-count'] })) : [],
    vmCount: manifest.roles[0]?.['vm-count'] ?? 0,
    storage: manifest.storage.map((s) => ({ name: s.name, serial: s.serial, size: s.size, mountPath: s.mount })),
    service: manifest.service && {
      ports: manifest.service.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
      selectorRole: manifest.service['selector-role'],
    },
    units,
  };
  return { name: source.name, entry, problems };
};

type Locate = (keyPath: readonly (string | number)[]) => string;

/** Role names unique; a multi-role entry has exactly one `<role>.service` per role and no other. */
const checkRoles = (roles: CatalogManifest['roles'], source: CatalogEntrySource, locate: Locate): CatalogProblem[] => {
  const problems: CatalogProblem[] = [];
  const names = roles.map((role) => role.name);
  roles.forEach((role, index) => {
    if (names.indexOf(role.name) !== index) {
      problems.push({ level: 'error', field: `${locate(['roles', index, 'name'])}: roles.${index}.name`, value: role.name, fix: 'two roles have this name; role names must be unique' });
    }
  });
  if (roles.length <= 1) return problems;
  const stems = source.services.map((file) => file.name.slice(0, -'.service'.length));
  roles.forEach((role, index) => {
    if (!stems.includes(role.name)) {
      problems.push({
        level: 'error',
        field: `${locate(['roles', index, 'name'])}: roles.${index}.name`,
        value: role.name,
        fix: `the role has no ${role.name}.service in ${source.dir}; a multi-role entry has one <role>.service per role`,
      });
    }
  });
  for (const file of source.services) {
    const stem = file.name.slice(0, -'.service'.length);
    if (!names.includes(stem)) {
      problems.push({
        level: 'error',
        field: file.path,
        value: file.name,
        fix: `not the unit of a declared role (${names.join(', ')})${didYouMean(stem, names)}; rename it <role>.service or declare its role`,
      });
    }
  }
  return problems;
};

/** Keys unique and not one virtwork fills itself; defaults of the declared type. */
const checkParams = (params: CatalogManifest['params'], locate: Locate): CatalogProblem[] => {
  const problems: CatalogProblem[] = [];
  const keys = params.map((param) => param.key);
  params.forEach((param, index) => {
    const field = (key: string): string => `${locate(['params', index, key])}: params.${index}.${key}`;
    if (keys.indexOf(param.key) !== index) problems.push({ level: 'error', field: field('key'), value: param.key, fix: 'two params have this key; keys must be unique' });
    if (PROVIDED_PLACEHOLDERS.includes(param.key)) {
      problems.push({ level: 'error', field: field('key'), value: param.key, fix: `virtwork fills {{${param.key}}} itself; give the param another key` });
    }
    if (param.default !== undefined && param.default !== null && convertParam(param.type, param.default) === undefined) {
      problems.push({ level: 'error', field: field('default'), value: param.default, fix: `the default of a ${param.type} param must be ${expectedFor(param.type)}` });
    }
  });
  return problems;
};

/** Storage names and serials unique within the VM. */
const checkStorage = (storage: CatalogManifest['storage'], locate: Locate): CatalogProblem[] => {
  const problems: CatalogProblem[] = [];
  for (const key of ['name', 'serial', 'mount'] as const) {
    const values = storage.map((s) => s[key]);
    storage.forEach((s, index) => {
      if (values.indexOf(s[key]) !== index) {
        problems.push({ level: 'error', field: `${locate(['storage', index, key])}: storage.${index}.${key}`, value: s[key], fix: `two storage entries have this ${key}; each needs its own` });
      }
    });
  }
  return problems;
};

/** A Service selects one role's VM of each pair: the entry needs roles, and the role must be one of them. */
const checkService = (service: NonNullable<CatalogManifest['service']>, declared: CatalogManifest['roles'], locate: Locate): CatalogProblem[] => {
  const field = `${locate(['service', 'selector-role'])}: service.selector-role`;
  const roles = declared.map((role) => role.name);
  if (roles.length <= 1) {
    return [{ level: 'error', field, value: service['selector-role'], fix: 'a service selects one role of a multi-role entry; declare at least two roles (such as server and client)' }];
  }
  if (!roles.includes(service['selector-role'])) {
    return [{ level: 'error', field, value: service['selector-role'], fix: `not a declared role (${roles.join(', ')})${didYouMean(service['selector-role'], roles)}` }];
  }
  // Two fixed counts either fit or never do: an error. A fixed count beside one that follows --vm-count
  // fits some counts only: a warning naming them (planning refuses the others before anything is created).
  const selector = service['selector-role'];
  const servers = declared.find((role) => role.name === selector)?.['vm-count'] ?? 0;
  const outnumbering = declared.flatMap((role, index): CatalogProblem[] => {
    const count = role['vm-count'];
    const at = { field: `${locate(['roles', index, 'vm-count'])}: roles.${index}.vm-count`, value: count };
    if (role.name === selector) return [];
    if (servers > 0 && count > servers) {
      return [{ level: 'error', ...at, fix: `more than the ${servers} VMs of ${selector}, which the service selects: each ${role.name} needs the ${selector} of its own pair` }];
    }
    if (servers > 0 && count === 0) {
      return [{
        level: 'warning',
        ...at,
        fix: `${role.name} follows --vm-count while ${selector}, which the service selects, has a fixed ${servers}: a run with --vm-count above ${servers} is refused, since each ${role.name} needs the ${selector} of its own pair; give ${role.name} a vm-count from 1 to ${servers}, or ${selector} a vm-count of 0`,
      }];
    }
    if (servers === 0 && count > 1) {
      return [{
        level: 'warning',
        ...at,
        fix: `${selector}, which the service selects, follows --vm-count while ${role.name} has a fixed ${count}: a run with --vm-count below ${count} is refused, since each ${role.name} needs the ${selector} of its own pair; give ${role.name} a vm-count of 0 or 1`,
      }];
    }
    return [];
  });
  const names = service.ports.map((port) => port.name);
  return outnumbering.concat(service.ports.flatMap((port, index) =>
    names.indexOf(port.name) === index
      ? []
      : [{ level: 'error' as const, field: `${locate(['service', 'ports', index, 'name'])}: service.ports.${index}.name`, value: port.name, fix: 'two ports have this name; port names must be unique' }],
  ));
};

/** Every placeholder has a value; every declared param is used somewhere (a warning otherwise). */
const checkPlaceholders = (
  paramKeys: readonly (string | undefined)[],
  hasService: boolean,
  services: readonly CatalogFile[],
  locate: Locate,
): CatalogProblem[] => {
  const problems: CatalogProblem[] = [];
  const keys = paramKeys.filter((key) => key !== undefined);
  const available = [...keys, ...PROVIDED_PLACEHOLDERS.filter((key) => key !== SERVICE_HOST_PLACEHOLDER || hasService)];
  const used = new Set<string>();
  for (const file of services) {
    for (const use of findPlaceholders(file.text)) {
      used.add(use.key);
      if (available.includes(use.key)) continue;
      const fix =
        use.key === SERVICE_HOST_PLACEHOLDER
          ? '{{service-host}} names the Service of the entry, which has none; add a service to workload.yaml'
          : `no param declares this key; declare it under params in workload.yaml, or use one of ${available.join(', ')}${didYouMean(use.key, available)}`;
      problems.push({ level: 'error', field: `${file.path}:${use.line}`, value: `{{${use.key}}}`, fix });
    }
  }
  paramKeys.forEach((key, index) => {
    if (key !== undefined && !used.has(key)) {
      problems.push({ level: 'warning', field: `${locate(['params', index, 'key'])}: params.${index}.key`, value: key, fix: `declared but no .service file uses {{${key}}}` });
    }
  });
  return problems;
};
