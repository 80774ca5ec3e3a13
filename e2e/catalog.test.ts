import { describeSignedIn, portalUrl, scenario } from './browser';

describeSignedIn('the portal in a browser', session => {
  // The guest signs in before the test (describeSignedIn): the catalog is the landing page.
  it('signs in as guest and lists the example organisation in the catalog', async () => {
    const { page } = session;
    await scenario(page, 'catalog-groups', async () => {
      await page.goto(`${portalUrl()}/?filters[kind]=group`);
      await page.getByRole('link', { name: 'Customer Team' }).first().waitFor();
      await page.getByRole('link', { name: 'Data Platform' }).first().waitFor();
    });
    await scenario(page, 'group-page', async () => {
      await page.getByRole('link', { name: 'Customer Team' }).first().click();
      await page
        .getByText('Owns customer identity, profiles and the Customer 360')
        .first()
        .waitFor();
    });
  });
});
