import { MalformedRequestError } from '../errors';
import { FrameSplitter } from './frame-splitter';

function frame(body: string): Buffer {
  const bytes = Buffer.from(body);
  const size = Buffer.alloc(4);
  size.writeInt32BE(bytes.length);
  return Buffer.concat([size, bytes]);
}

describe('FrameSplitter', () => {
  it('returns every frame when one chunk holds several', () => {
    const splitter = new FrameSplitter();
    const frames = splitter.push(Buffer.concat([frame('one'), frame('two'), frame('three')]));
    expect(frames.map(String)).toEqual(['one', 'two', 'three']);
    expect(splitter.buffered).toBe(0);
  });

  it('reassembles frames split into one-byte chunks', () => {
    const splitter = new FrameSplitter();
    const bytes = Buffer.concat([frame('hello'), frame(''), frame('world')]);
    const frames: Buffer[] = [];
    for (const byte of bytes) frames.push(...splitter.push(Buffer.from([byte])));
    expect(frames.map(String)).toEqual(['hello', '', 'world']);
  });

  it('keeps a trailing partial frame until the rest arrives', () => {
    const splitter = new FrameSplitter();
    const second = frame('second');
    expect(splitter.push(Buffer.concat([frame('first'), second.subarray(0, 6)])).map(String)).toEqual(['first']);
    expect(splitter.buffered).toBe(2);
    expect(splitter.push(second.subarray(6)).map(String)).toEqual(['second']);
  });

  it('rejects a negative size', () => {
    expect(() => new FrameSplitter().push(Buffer.from('ffffffff', 'hex'))).toThrow(MalformedRequestError);
  });

  it('rejects a size above the limit before buffering the body', () => {
    const splitter = new FrameSplitter(1024);
    expect(() => splitter.push(Buffer.from('00000401', 'hex'))).toThrow(/frame size 1025/);
    expect(new FrameSplitter(1024).push(frame('x'.repeat(1024)))).toHaveLength(1);
  });
});
