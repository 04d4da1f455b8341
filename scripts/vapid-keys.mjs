/** A new Web Push (VAPID) key pair, base64url, as web-push makes it: for the local secrets of `npm start`. */
import webpush from "web-push";

export async function generateVapidKeys() {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey };
}
