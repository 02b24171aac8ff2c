/**
 * Container image references, parsed by the grammar of the distribution project's `reference`
 * package (the one CRI-O, containerd and Docker use), built up rule by rule as its regexp.go does:
 *
 *   reference           := name [ ":" tag ] [ "@" digest ]
 *   name                := [domain '/'] remote-name
 *   domain              := host [':' port-number]
 *   host                := domain-name | IPv4address | \[ IPv6address \]
 *   domain-name         := domain-component ['.' domain-component]*
 *   domain-component    := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 *   port-number         := /[0-9]+/
 *   path-component      := alpha-numeric [separator alpha-numeric]*
 *   remote-name         := path-component ['/' path-component]*
 *   alpha-numeric       := /[a-z0-9]+/
 *   separator           := /[_.]|__|[-]+/
 *   tag                 := /[\w][\w.-]{0,127}/
 *   digest              := digest-algorithm ":" digest-hex
 *   digest-algorithm    := algorithm-component [ /[+.-_]/ algorithm-component ]*
 *   algorithm-component := a letter, then letters and digits ([A-Za-z][A-Za-z0-9] repeated)
 *   digest-hex          := /[0-9a-fA-F]{32,}/
 *
 * plus its checks beyond the grammar: a name of at most 255 characters, lower case only in the
 * repository, and digests of a known algorithm with the length that algorithm gives.
 */

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6Address = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainName}|${ipv6Address})`;
const domain = `${host}(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const remoteName = `${pathComponent}(?:/${pathComponent})*`;

/** The whole grammar, anchored: groups are the name, the tag and the digest. */
const REFERENCE = new RegExp(`^((?:${domain}/)?${remoteName})(?::(${tag}))?(?:@(${digest}))?$`);

/** reference.NameTotalLengthMax. */
const NAME_MAX_LENGTH = 255;
/** The digest algorithms go-digest registers, with the hex length each produces. */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

export interface ImageReference {
  /** Registry host (and port), when the reference names one. */
  readonly domain?: string;
  /** The repository path below the registry: `containerdisks/fedora`. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

export type ParsedImage = { readonly ok: true; readonly reference: ImageReference } | { readonly ok: false; readonly problem: string };

export const parseImageReference = (text: string): ParsedImage => {
  if (text === '') return { ok: false, problem: 'the reference is empty' };
  const match = REFERENCE.exec(text);
  if (!match) {
    // distribution reports upper case in the repository on its own (ErrNameContainsUppercase).
    const lowered = REFERENCE.exec(text.toLowerCase());
    return { ok: false, problem: lowered ? 'the repository name must be lowercase' : 'it does not follow the image reference grammar (registry/path:tag or @digest)' };
  }
  const [, name = '', imageTag, imageDigest] = match;
  if (name.length > NAME_MAX_LENGTH) return { ok: false, problem: `the repository name is longer than ${NAME_MAX_LENGTH} characters` };
  if (imageDigest !== undefined) {
    const [algorithm = '', hex = ''] = imageDigest.split(':');
    const length = DIGEST_HEX_LENGTH[algorithm];
    if (length === undefined) return { ok: false, problem: `unknown digest algorithm ${algorithm} (sha256, sha384 or sha512)` };
    if (hex.length !== length) return { ok: false, problem: `a ${algorithm} digest has ${length} hex digits, this one ${hex.length}` };
  }
  const { domain: registry, path } = splitDomain(name);
  return {
    ok: true,
    reference: {
      ...(registry !== undefined && { domain: registry }),
      path,
      ...(imageTag !== undefined && { tag: imageTag }),
      ...(imageDigest !== undefined && { digest: imageDigest }),
    },
  };
};

/**
 * The first path component is a registry when it looks like a host: it has a `.` or a `:` port,
 * is `localhost`, or has upper case (distribution's splitDockerDomain rule).
 */
const splitDomain = (name: string): { domain?: string; path: string } => {
  const slash = name.indexOf('/');
  if (slash === -1) return { path: name };
  const first = name.slice(0, slash);
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
  return isHost ? { domain: first, path: name.slice(slash + 1) } : { path: name };
};
