import { launchCommand } from './launch-command';

describe('launchCommand', () => {
  it('runs ffmpeg niced, dying with its parent where setpriv exists', () => {
    expect(launchCommand('/usr/bin/ffmpeg', ['-i', 'x'], { nice: 10, setpriv: '/usr/bin/setpriv' })).toEqual([
      '/usr/bin/setpriv',
      '--pdeathsig',
      'KILL',
      '--',
      'nice',
      '-n',
      '10',
      '/usr/bin/ffmpeg',
      '-i',
      'x',
    ]);
    expect(launchCommand('/usr/bin/ffmpeg', ['-i', 'x'], { nice: 0 })).toEqual(['/usr/bin/ffmpeg', '-i', 'x']);
  });
});
