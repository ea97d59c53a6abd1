import { renderTemplate, TemplateError } from '../../../shared/plans/templating';

const context = {
  incident: { title: 'orders-api 5xx', resources: [{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/ca', name: 'ca' }] },
  window: { timespan: 'PT1H' },
};

describe('renderTemplate', () => {
  it('fills placeholders inside text and keeps the type of a lone placeholder', async () => {
    // Act
    const rendered = await renderTemplate(
      { query: "AppRequests | where AppRoleName == '{{ incident.resources[0].name }}'", ids: '{{ incident.resources.id }}', n: 3 },
      context,
    );

    // Assess
    expect(rendered).toEqual({
      query: "AppRequests | where AppRoleName == 'ca'",
      ids: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/ca',
      n: 3,
    });
  });

  it('renders missing values as empty text inside a longer string', async () => {
    // Act
    const rendered = await renderTemplate('service={{ incident.service }};', context);

    // Assess
    expect(rendered).toBe('service=;');
  });

  it('walks arrays and nested objects', async () => {
    // Act
    const rendered = await renderTemplate({ a: [{ b: '{{ window.timespan }}' }] }, context);

    // Assess
    expect(rendered).toEqual({ a: [{ b: 'PT1H' }] });
  });

  it('throws a TemplateError naming an expression that does not parse', async () => {
    // Act and Assess
    await expect(renderTemplate('{{ incident.( }}', context)).rejects.toThrow(TemplateError);
    await expect(renderTemplate('{{ incident.( }}', context)).rejects.toThrow(/incident\.\(/);
  });
});
