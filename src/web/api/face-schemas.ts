/**
 * JSON schemas of the phone-face routes (issue #5): POST /keys, GET /screen.
 * The shapes are src/device's KeyResult and DeviceSnapshot (face-protocol.ts
 * mirrors them for the page).
 */

const text4 = { type: 'array', items: { type: 'string' }, minItems: 4, maxItems: 4 } as const;

export const ledSchema = {
  type: 'object',
  required: ['id', 'color', 'cadence'],
  properties: {
    id: { type: 'string', description: 'line1..line3, p1..p12, strip, message, mute, headset, speaker' },
    color: { type: 'string', enum: ['off', 'red', 'green', 'yellow'] },
    cadence: { type: 'string', enum: ['steady', 'slow', 'fast'], description: 'slow 500/500 ms, fast 200/200 ms' },
  },
} as const;

const volumeSchema = { type: 'integer', minimum: 1, maximum: 9 } as const;

export const screenSnapshotSchema = {
  type: 'object',
  required: ['model', 'screen', 'menu', 'lines', 'softKeys', 'status', 'leds', 'audio', 'frame'],
  properties: {
    model: { type: 'string', enum: ['ES320', 'ES330'] },
    screen: {
      type: 'string',
      enum: ['idle', 'dialing', 'calling', 'ringing', 'talking', 'held', 'callWaiting', 'transfer', 'conference', 'menu'],
    },
    menu: { type: 'array', items: { type: 'string' }, description: 'titles of the open menu pages, main menu first' },
    lines: { ...text4, description: 'the four text lines as shown' },
    softKeys: { ...text4, description: "the soft-key labels, '' = unused" },
    selected: { type: 'integer', description: 'the text line drawn inverse (a list cursor)' },
    notice: { type: 'string', description: 'a short message over the last line' },
    status: {
      type: 'object',
      required: ['time', 'date', 'autoAnswer', 'missedCalls', 'messages', 'dnd', 'locked', 'lines'],
      properties: {
        time: { type: 'string' },
        date: { type: 'string' },
        autoAnswer: { type: 'boolean' },
        missedCalls: { type: 'integer' },
        messages: { type: 'integer' },
        dnd: { type: 'boolean' },
        locked: { type: 'boolean' },
        lines: {
          type: 'array',
          items: {
            type: 'object',
            required: ['line', 'icon'],
            properties: { line: { type: 'integer' }, icon: { type: 'string', enum: ['offline', 'p2p', 'unregistered', 'registered', 'dnd'] } },
          },
        },
      },
    },
    leds: { type: 'array', items: ledSchema },
    audio: {
      type: 'object',
      required: ['path', 'offHook', 'headsetMode', 'mute', 'volumes', 'ringing', 'ringTone'],
      properties: {
        path: { type: 'string', enum: ['none', 'handset', 'headset', 'speaker'] },
        offHook: { type: 'boolean' },
        headsetMode: { type: 'boolean' },
        mute: { type: 'boolean' },
        volumes: {
          type: 'object',
          properties: {
            ring: volumeSchema,
            handset: volumeSchema,
            handsetMic: volumeSchema,
            speaker: volumeSchema,
            speakerMic: volumeSchema,
            headset: volumeSchema,
            headsetMic: volumeSchema,
          },
        },
        ringing: { type: 'boolean' },
        ringTone: { type: 'string' },
        tone: { type: 'string', description: 'the call-progress tone the earpiece plays now (dial, ringback, callWaiting...)' },
      },
    },
    frame: { type: 'integer', description: 'counts frames whose pixels changed' },
  },
} as const;

export const screenSchema = {
  ...screenSnapshotSchema,
  required: [...screenSnapshotSchema.required, 'framebuffer'],
  properties: {
    ...screenSnapshotSchema.properties,
    framebuffer: {
      type: 'object',
      required: ['width', 'height', 'stride', 'frame', 'data'],
      description: 'the LCD pixels: 1 bit per pixel, rows packed MSB first, 1 = dark (the frame the text describes)',
      properties: {
        width: { type: 'integer' },
        height: { type: 'integer' },
        stride: { type: 'integer', description: 'bytes per row' },
        frame: { type: 'integer' },
        data: { type: 'string', contentEncoding: 'base64' },
      },
    },
  },
} as const;

export const keyResultSchema = {
  type: 'object',
  required: ['key', 'handled', 'screen'],
  properties: {
    key: { type: 'string' },
    handled: { type: 'boolean', description: 'false: the key does nothing on this screen (or the model lacks it)' },
    screen: { type: 'string', description: 'the screen after the key' },
    notice: { type: 'string' },
  },
} as const;

export const keysBodySchema = {
  type: 'object',
  additionalProperties: false,
  description:
    '`keys`: a typed sequence, keypad characters as they are and other keys named in braces ("1002#", "{menu}{down}{ok}"); ' +
    'or one `key` by name (0-9 * #, up down left right ok c, soft1-soft4 or F1-F4, line1-line3, p1-p12, headset mute message ' +
    'service directory menu volUp volDown conference redial transfer hold speaker, hookOff hookOn hook) held `holdMs` ms.',
  properties: {
    keys: { type: 'string', minLength: 1, maxLength: 256 },
    key: { type: 'string', minLength: 1, maxLength: 32 },
    holdMs: { type: 'integer', minimum: 0, maximum: 10_000 },
  },
  oneOf: [{ required: ['keys'], not: { anyOf: [{ required: ['key'] }, { required: ['holdMs'] }] } }, { required: ['key'], not: { required: ['keys'] } }],
} as const;

export const keysResultSchema = {
  type: 'object',
  required: ['results', 'screen'],
  properties: {
    results: { type: 'array', items: keyResultSchema },
    screen: screenSnapshotSchema,
  },
} as const;

export const screenPngQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scale: { type: 'string', pattern: '^([1-9]|1[0-6])$', description: 'pixels per LCD pixel, 1..16 (default 4)' },
    look: { type: 'string', enum: ['lcd', 'gray'], description: "'lcd': the glass's colours with a dot gap from ×3 (default); 'gray': plain black on white" },
  },
} as const;
