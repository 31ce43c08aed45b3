import { text } from './api.server.ts';

/** Reads the base form into the API's input shape (empty optional fields become null). */
export function readBaseForm(form: FormData) {
  const departement = text(form, 'departement');
  const contactEmail = text(form, 'contactEmail').trim();
  return {
    name: text(form, 'name'),
    description: text(form, 'description'),
    departement: departement === '' ? null : departement,
    contactEmail: contactEmail === '' ? null : contactEmail,
    contactEmailPublic: text(form, 'contactEmailPublic') === 'oui',
    isPublic: text(form, 'isPublic') !== 'non',
  };
}
