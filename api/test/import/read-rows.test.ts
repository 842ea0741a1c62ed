// Cutting a file into chunks of whole records and validating them across worker threads must give
// exactly what reading it in one piece gives: the same records, on the same lines, the same verdicts.
import { describe, expect, it } from 'vitest';
import { readCsv } from '@cobranza/domain/portfolio/index';
import { generatePortfolio } from '@cobranza/domain/generator/generate';
import { lastRecordEnd, parseChunk, recordChunks, validatedChunks, type ChunkResult } from '../../src/import/read-rows.js';

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function collect<T>(g: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of g) out.push(x);
  return out;
}

describe('recordChunks', () => {
  it('never cuts inside a quoted field, and numbers lines as the whole-file reader does', async () => {
    const text = '\ufeff' + [
      'a,b,c',
      'ñandú,"Bogotá, D.C.",é',
      '1,"two\nlines",3',
      '',
      '4,"say ""hi""\nand\nbye",6',
      '7,8,9',
      '"x\n",y,z',
      'last,row,here',
    ].join('\n');
    expect(lastRecordEnd(Buffer.from('1,"a\nb",2\n3,"c\n'))).toBe('1,"a\nb",2\n'.length);
    expect(lastRecordEnd(Buffer.from('1,"a\nb'))).toBe(-1);
    const whole = (await collect(readCsv(pieces(text, 1000)))).flat();
    for (const chunkBytes of [1, 5, 13, 40]) {
      const chunks = await collect(recordChunks(pieces(text, 7), chunkBytes));
      expect(chunks.length).toBeGreaterThan(1);
      const records = (await Promise.all(chunks.map(parseChunk))).flatMap((p) => p.records);
      expect(records, `chunks of ${chunkBytes}`).toEqual(whole);
    }
  });
});

describe('validatedChunks', () => {
  const bad: number[] = [];
  const text = [...generatePortfolio({ rows: 2000, seed: 5, today: '2026-11-23', badRows: 40 }, (b) => bad.push(b.line))].join('');
  const ctx = { defaultCountry: 'CO', defaultCurrency: 'COP', today: '2026-11-23' };
  const summary = (chunks: ChunkResult[]) => ({
    total: chunks.reduce((n, c) => n + c.total, 0),
    goodLines: chunks.flatMap((c) => c.good.map((g) => g.line)),
    copies: chunks.flatMap((c) => c.good.map((g) => g.copy)),
    rejects: chunks.flatMap((c) => c.rejects),
  });

  it('gives the same rows, lines, COPY text and rejects through two worker threads as inline', async () => {
    const inline = summary(await collect(validatedChunks(pieces(text, 65536), { ctx, mode: 'copy', workers: 1, chunkBytes: 16384 })));
    const pooledChunks = await collect(validatedChunks(pieces(text, 65536), { ctx, mode: 'copy', workers: 2, chunkBytes: 16384 }));
    expect(pooledChunks.length).toBeGreaterThan(10);
    const pooled = summary(pooledChunks);
    expect(pooled).toEqual(inline);
    expect(pooled.total).toBe(2000);
    expect([...new Set(pooled.rejects.map((r) => r.line))].sort((a, b) => a - b)).toEqual([...bad].sort((a, b) => a - b));
    expect(pooled.goodLines).toHaveLength(2000 - 40);
    expect(pooled.goodLines).toEqual([...pooled.goodLines].sort((a, b) => a - b));
  });

  it('reports a broken record found by a worker with its line', async () => {
    const lines = text.split('\n');
    lines[1500] = `${lines[1500]},"never closed`;
    const broken = lines.join('\n');
    const whole = await collect(readCsv(pieces(broken, 65536))).catch((e: unknown) => e);
    const err = await collect(validatedChunks(pieces(broken, 65536), { ctx, mode: 'copy', workers: 2, chunkBytes: 16384 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('CsvSyntaxError');
    // the quote opened on line 1501 runs on until the next quote, as the whole-file reader finds too
    expect((err as Error).message).toBe((whole as Error).message);
    expect(Number((err as Error).message.match(/^line (\d+):/)?.[1])).toBeGreaterThanOrEqual(1501);
  });
});
