/**
 * matrix.csv (one row per pipeline of each language x engine cell, or the cell's reason for
 * being empty) and matrix-answers.csv (one row per comparison x part of the derived answers).
 * Written only for a run with a matrix; the same figures as summary.json's `matrix`.
 */
import type { CostComparison, CostPart, LanguageEngineMatrix, MatrixCell, MatrixMember } from '../types.js';
import { COST_PARTS } from '../matrix-types.js';
import { estimateColumns, type Row, toCsv } from './csv-columns.js';
import type { Renderer } from './types.js';

function memberRow(c: MatrixCell, m: MatrixMember | null): Row {
  const o = m?.outcome;
  const measured = o?.kind === 'measured' ? o : null;
  return {
    language: c.language,
    engine: c.engine,
    pipelineId: m?.pipelineId ?? null,
    pipelineName: m?.pipelineName ?? null,
    outcome: o?.kind ?? 'no-pipeline',
    message: o?.message ?? `no ${c.language} pipeline on ${c.engine}`,
    runs: measured?.runs ?? null,
    ...estimateColumns('tokensPerSecond', measured?.tokensPerSecond),
    ...estimateColumns('wallMs', measured?.wall),
    verified: measured ? measured.verified : null,
  };
}

export function matrixRows(m: LanguageEngineMatrix): Row[] {
  return m.cells.flatMap((c) => (c.members.length ? c.members.map((member) => memberRow(c, member)) : [memberRow(c, null)]));
}

function answerRow(m: LanguageEngineMatrix, c: CostComparison, part: CostPart): Row {
  const p = c.parts[part];
  return {
    question: c.question,
    shared: c.shared,
    candidateId: c.candidateId,
    anchorId: c.anchorId,
    candidateSide: c.candidateSide,
    anchorSide: c.anchorSide,
    part,
    ...estimateColumns('factor', p?.factor),
    pValue: p?.pValue ?? null,
    significant: p ? p.significant : null,
    runsAnchor: p?.runs[0] ?? null,
    runsCandidate: p?.runs[1] ?? null,
    alpha: m.family.alpha,
    familyTests: m.family.tests,
    correction: m.family.correction,
  };
}

export const answerRows = (m: LanguageEngineMatrix): Row[] => m.comparisons.flatMap((c) => COST_PARTS.map((part) => answerRow(m, c, part)));

const EMPTY_CELL: MatrixCell = { language: '', engine: '', members: [] };
const EMPTY_COMPARISON: CostComparison = {
  question: 'language',
  shared: '',
  anchorId: '',
  candidateId: '',
  anchorSide: '',
  candidateSide: '',
  parts: { wall: null, 'non-inference': null, embed: null },
};
const EMPTY_MATRIX = { family: { alpha: 0, tests: 0, correction: 'bonferroni' } } as LanguageEngineMatrix;

export const matrixCsvRenderer: Renderer = {
  file: 'matrix.csv',
  render: ({ summary }) => summary.matrix && toCsv(matrixRows(summary.matrix), Object.keys(memberRow(EMPTY_CELL, null))),
};

export const answersCsvRenderer: Renderer = {
  file: 'matrix-answers.csv',
  render: ({ summary }) => summary.matrix && toCsv(answerRows(summary.matrix), Object.keys(answerRow(EMPTY_MATRIX, EMPTY_COMPARISON, 'wall'))),
};
