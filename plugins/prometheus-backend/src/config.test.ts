import { ConfigReader } from '@backstage/config';
import { parsePrometheusSelector } from '@internal/plugin-prometheus-common';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { readPrometheusConfig } from './config';

const root = path.resolve(__dirname, '../../..');

function appConfig(file: string) {
  return YAML.parse(fs.readFileSync(path.join(root, file), 'utf8'));
}

describe("the repository's app-configs", () => {
  it('point the embedded default at the local Prometheus', () => {
    const config = readPrometheusConfig(
      new ConfigReader(appConfig('app-config.yaml')),
    );
    expect(config.instances).toEqual([
      { name: 'local', url: 'http://127.0.0.1:9090', headers: {} },
    ]);
    expect(config.signals).toHaveLength(7);
  });

  it('read production from PROMETHEUS_URL', () => {
    const production = appConfig('app-config.production.yaml');
    expect(production.prometheus.instances).toEqual([
      { name: 'production', url: '${PROMETHEUS_URL}' },
    ]);
    production.prometheus.instances[0].url = 'https://prometheus.example.com';
    expect(
      readPrometheusConfig(new ConfigReader(production)).instances[0].name,
    ).toBe('production');
  });
});

describe('the demo catalog', () => {
  it('annotates services with selectors in the grammar', () => {
    const docs = YAML.parseAllDocuments(
      fs.readFileSync(path.join(root, 'demo/catalog/components.yaml'), 'utf8'),
    ).map(doc => doc.toJS());
    const selectors = docs
      .map(doc => doc?.metadata?.annotations?.['prometheus.io/selector'])
      .filter((s): s is string => typeof s === 'string');
    expect(selectors.length).toBeGreaterThan(0);
    for (const selector of selectors) {
      const parsed = parsePrometheusSelector(selector);
      expect({ selector, ok: parsed.ok }).toEqual({ selector, ok: true });
    }
  });
});
