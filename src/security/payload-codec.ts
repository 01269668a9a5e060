/**
 * Optional encryption of everything Temporal stores for the cascade (inputs, reports, names,
 * emails in workflow state): AES-256-GCM with a key from PAYLOAD_ENCRYPTION_KEY. Without the key,
 * Temporal's Web UI and CLI show only ciphertext.
 */
import crypto from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts each payload whole (metadata included) and decrypts what it encrypted. */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32)
      throw new Error(`PAYLOAD_ENCRYPTION_KEY must be 32 bytes in base64 (got ${key.length} bytes); create one with \`openssl rand -base64 32\``);
    // A short fingerprint so a payload written under another key fails with a clear message.
    this.keyId = crypto.createHash('sha256').update(key).digest('hex').slice(0, 12);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv(ALGORITHM, this.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: Buffer.from(ENCODING), 'encryption-key-id': Buffer.from(this.keyId) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.['encryption-key-id'] ?? []).toString();
      if (keyId !== this.keyId) throw new Error(`payload was encrypted with key ${keyId}, not with this PAYLOAD_ENCRYPTION_KEY (${this.keyId})`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = crypto.createDecipheriv(ALGORITHM, this.key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/**
 * The data converter for PAYLOAD_ENCRYPTION_KEY (base64 of 32 bytes), or undefined when unset: the
 * codec for payloads, and failures' messages moved into encoded (so encrypted) attributes. Workers
 * bundle their workflows with the same converter (`bundleWorkflows({ dataConverter })`).
 */
export function dataConverterFor(keyBase64: string | undefined): DataConverter | undefined {
  if (!keyBase64) return undefined;
  return {
    payloadCodecs: [new AesGcmPayloadCodec(Buffer.from(keyBase64, 'base64'))],
    failureConverterPath: require.resolve('./encoded-failures'),
  };
}
