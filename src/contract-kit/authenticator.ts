/**
 * A software passkey authenticator for the contract kit (issue 16): enough WebAuthn to register a
 * passkey (`fmt: "none"` attestation, an ES256 key) and sign assertions with it, so the kit can
 * check a server's passkey calls end to end (options, registration, sign-in, a replayed
 * assertion refused) without a browser. WebCrypto only (Node 20 and browsers); a few lines of
 * CBOR for the attestation object and the COSE key. Not an authenticator anyone should use.
 */

const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

// ---------------------------------------------------------------- CBOR (the few types needed)

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

function head(major: number, length: number): Uint8Array {
  if (length < 24) return Uint8Array.of((major << 5) | length);
  if (length < 256) return Uint8Array.of((major << 5) | 24, length);
  return Uint8Array.of((major << 5) | 25, length >> 8, length & 0xff);
}

export function cbor(value: Cbor): Uint8Array {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = encoder.encode(value);
    return concat(head(3, bytes.length), bytes);
  }
  if (value instanceof Uint8Array) return concat(head(2, value.length), value);
  return concat(head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)]));
}

/** An ECDSA signature from WebCrypto (r‖s, 64 bytes) as ASN.1 DER, as WebAuthn carries it. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let trimmed = bytes.slice(i);
    if (trimmed[0]! & 0x80) trimmed = concat(Uint8Array.of(0), trimmed);
    return concat(Uint8Array.of(0x02, trimmed.length), trimmed);
  };
  const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(Uint8Array.of(0x30, body.length), body);
}

// ---------------------------------------------------------------- the authenticator

interface Options {
  readonly challenge: string;
  readonly rpId?: string;
  readonly rp?: { readonly id?: string };
  readonly user?: { readonly id?: string };
}

export class SoftwareAuthenticator {
  readonly #origin: string;
  #keys: CryptoKeyPair | null = null;
  #id = crypto.getRandomValues(new Uint8Array(16));
  #userHandle = '';
  #count = 0;

  /** `origin`: the page origin the server expects in `clientDataJSON`. */
  constructor(origin: string) {
    this.#origin = origin;
  }

  get credentialId(): string {
    return base64url(this.#id);
  }

  #rpId(options: Options): string {
    return options.rpId ?? options.rp?.id ?? new URL(this.#origin).hostname;
  }

  #clientData(type: string, challenge: string): Uint8Array<ArrayBuffer> {
    return encoder.encode(JSON.stringify({ type, challenge, origin: this.#origin, crossOrigin: false }));
  }

  /** A registration (`navigator.credentials.create()`'s `toJSON()`) for creation options JSON. */
  async create(options: Options): Promise<object> {
    this.#keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    this.#userHandle = options.user?.id ?? '';
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', this.#keys.publicKey));
    const cose = cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, raw.slice(1, 33)],
        [-3, raw.slice(33, 65)],
      ]),
    );
    const authData = concat(
      await sha256(encoder.encode(this.#rpId(options))),
      Uint8Array.of(0x45), // user present, user verified, attested credential data
      new Uint8Array(4),
      new Uint8Array(16), // AAGUID
      Uint8Array.of(0, this.#id.length),
      this.#id,
      cose,
    );
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return this.#credential({
      clientDataJSON: base64url(this.#clientData('webauthn.create', options.challenge)),
      attestationObject: base64url(attestationObject),
      transports: ['internal'],
    });
  }

  /** A PublicKeyCredential's `toJSON()` of this passkey around `response`. */
  #credential(response: object): object {
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response,
    };
  }

  /** An assertion (`navigator.credentials.get()`'s `toJSON()`) for request options JSON. */
  async get(options: Options): Promise<object> {
    if (!this.#keys) throw new Error('no passkey created yet');
    const clientData = this.#clientData('webauthn.get', options.challenge);
    this.#count += 1;
    const authData = concat(
      await sha256(encoder.encode(this.#rpId(options))),
      Uint8Array.of(0x05),
      Uint8Array.of(0, 0, this.#count >> 8, this.#count & 0xff),
    );
    const signed = concat(authData, await sha256(clientData));
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, this.#keys.privateKey, signed));
    return this.#credential({
      clientDataJSON: base64url(clientData),
      authenticatorData: base64url(authData),
      signature: base64url(derSignature(signature)),
      userHandle: this.#userHandle,
    });
  }
}
