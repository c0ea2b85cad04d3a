export default function Home() {
  return <main>Keygate</main>;
}
