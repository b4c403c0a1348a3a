// The deployment files a user runs as they are: the container's configuration must load
// (a config error would stop the container at start), and neither the image nor the systemd
// unit may run grogne as root.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { ROOT } from './helpers/cli.ts';

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

describe('deploy/docker/grogne.config.json', () => {
  const config = parseConfig(JSON.parse(read('deploy/docker/grogne.config.json')));
  it('is valid, listens for the port mapping, and requires keys there', () => {
    expect(config.api).toMatchObject({ host: '0.0.0.0', port: 8787, auth: 'required' });
    expect(config.database.startsWith('/var/lib/grogne/')).toBe(true);
    expect(config.delivery.outbox.startsWith('/var/lib/grogne/')).toBe(true);
  });
  it('names demo files that the image holds under /app', () => {
    for (const s of config.sources) {
      expect(s.file?.startsWith('/app/')).toBe(true);
      expect(existsSync(join(ROOT, s.file!.slice('/app/'.length)))).toBe(true);
    }
  });
});

describe('who runs grogne', () => {
  it('the image switches to the user grogne before its command', () => {
    const dockerfile = read('Dockerfile');
    const user = dockerfile.lastIndexOf('\nUSER grogne\n');
    expect(user).toBeGreaterThan(0);
    expect(dockerfile.indexOf('\nCMD ', user)).toBeGreaterThan(user);
  });
  it('the systemd unit runs as grogne, node directly, writing only its state directory', () => {
    const unit = read('deploy/systemd/grogne.service');
    expect(unit).toMatch(/^User=grogne$/m);
    expect(unit).not.toMatch(/^User=root$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/grogne\/bin\/grogne\.js start$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    expect(unit).toMatch(/^StateDirectory=grogne$/m);
  });
});
