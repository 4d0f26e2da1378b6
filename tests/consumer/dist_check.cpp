// A consumer of the installed RingDL's dist library: RingDL::ringdl_dist links, its one-rank world works, and
// an MpiCommunicator starts MPI by itself (a one-rank "singleton" world when not launched by mpirun).
#include <ringdl/dist.h>

#include <iostream>

int main() {
  using namespace ringdl;
  try {
    auto world = makeWorldCommunicator();  // not launched by mpirun or srun: a LocalCommunicator
    Tensor<float> t = Tensor<float>::full({4}, 2.0f);
    world->allReduce(t);
    MpiCommunicator mpi;
    Tensor<double> d = Tensor<double>::full({3}, 1.5);
    mpi.allReduce(d);
    std::cout << "consumer dist: " << world->describe() << "; " << mpi.describe() << std::endl;
    return world->size() == 1 && mpi.size() == 1 && t.data()[0] == 2.0f && d.data()[2] == 1.5 ? 0 : 1;
  } catch (const Error& e) {
    std::cerr << "consumer dist: " << e.what() << std::endl;
    return 1;
  }
}
