import { SecondlyAnswers } from './secondly-answers';

describe('SecondlyAnswers', () => {
  const S = 1_000_000;
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('builds one answer per key and second, and reuses it within the second', async () => {
    const answers = new SecondlyAnswers<string>(() => true, 10);
    let builds = 0;
    const build = async () => `answer ${++builds}`;
    expect(await answers.get('rkb', S + 100, build)).toBe('answer 1');
    expect(await answers.get('rkb', S + 900, build)).toBe('answer 1');
    expect(answers.peek('rkb', S + 999, build)).toBe('answer 1');
    expect(await answers.get('rkb', S + 1000, build)).toBe('answer 2');
    expect(builds).toBe(2);
  });

  it('gives the answer of the second before while the new one is built once, and nothing older', async () => {
    const answers = new SecondlyAnswers<string>(() => true, 10);
    let builds = 0;
    const build = async () => `answer ${++builds}`;
    await answers.get('rkb', S, build);
    expect(answers.peek('rkb', S + 1001, build)).toBe('answer 1');
    expect(answers.peek('rkb', S + 1002, build)).toBe('answer 1');
    await settle();
    expect(builds).toBe(2);
    expect(answers.peek('rkb', S + 1003, build)).toBe('answer 2');
    expect(answers.peek('rkb', S + 3000, build)).toBeUndefined();
    expect(answers.peek('batik-tv', S, build)).toBeUndefined();
    expect(builds).toBe(2);
  });

  it('gives no answer that no longer holds, and drops one whose rebuild failed or that is forgotten', async () => {
    let generation = 1;
    const answers = new SecondlyAnswers<{ generation: number }>((answer) => answer.generation === generation, 10);
    await answers.get('rkb', S, async () => ({ generation }));
    generation = 2;
    expect(answers.peek('rkb', S, async () => ({ generation }))).toBeUndefined();
    expect(await answers.get('rkb', S, async () => ({ generation }))).toEqual({ generation: 2 });

    expect(answers.peek('rkb', S + 1000, () => Promise.reject(new Error('database down')))).toEqual({ generation: 2 });
    await settle();
    expect(answers.peek('rkb', S + 1000, async () => ({ generation }))).toBeUndefined();

    await answers.get('rkb', S + 1000, async () => ({ generation }));
    answers.forget('rkb');
    expect(answers.peek('rkb', S + 1000, async () => ({ generation }))).toBeUndefined();
  });
});
